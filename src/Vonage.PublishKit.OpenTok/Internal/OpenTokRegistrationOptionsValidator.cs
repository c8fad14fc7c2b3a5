using Microsoft.Extensions.Options;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>Fails start-up, naming the option, when the adapter's registration lacks what the SDK needs.</summary>
internal sealed class OpenTokRegistrationOptionsValidator : IValidateOptions<OpenTokRegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenTokRegistrationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail("OpenTokRegistrationOptions.ApiKey is required: the Vonage Video API key (application id).");
        }

        if (string.IsNullOrWhiteSpace(options.SessionId))
        {
            return ValidateOptionsResult.Fail("OpenTokRegistrationOptions.SessionId is required: the id of the session to publish into.");
        }

        return options.Adapter is null
            ? ValidateOptionsResult.Fail("OpenTokRegistrationOptions.Adapter must not be null.")
            : ValidateOptionsResult.Success;
    }
}
