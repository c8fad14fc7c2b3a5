using Microsoft.Extensions.Options;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>Fails start-up, naming the option, when the registration lacks what OpenTok.js needs.</summary>
internal sealed class WebRegistrationOptionsValidator : IValidateOptions<WebRegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, WebRegistrationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail("WebRegistrationOptions.ApiKey is required: the Vonage Video API key (application id).");
        }

        if (string.IsNullOrWhiteSpace(options.SessionId))
        {
            return ValidateOptionsResult.Fail("WebRegistrationOptions.SessionId is required: the id of the session to publish into.");
        }

        if (options.Adapter is null)
        {
            return ValidateOptionsResult.Fail("WebRegistrationOptions.Adapter must not be null.");
        }

        if (string.IsNullOrWhiteSpace(options.Adapter.ModulePath))
        {
            return ValidateOptionsResult.Fail("WebRegistrationOptions.Adapter.ModulePath must not be empty.");
        }

        return options.Adapter.ReleaseTimeout <= System.TimeSpan.Zero && options.Adapter.ReleaseTimeout != System.Threading.Timeout.InfiniteTimeSpan
            ? ValidateOptionsResult.Fail("WebRegistrationOptions.Adapter.ReleaseTimeout must be positive (or Timeout.InfiniteTimeSpan).")
            : ValidateOptionsResult.Success;
    }
}
