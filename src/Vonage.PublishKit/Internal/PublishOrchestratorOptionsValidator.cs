using System;
using Microsoft.Extensions.Options;

namespace Vonage.PublishKit.Internal;

/// <summary>Applies the orchestrator's own validation to options bound through dependency injection.</summary>
internal sealed class PublishOrchestratorOptionsValidator : IValidateOptions<PublishOrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, PublishOrchestratorOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
