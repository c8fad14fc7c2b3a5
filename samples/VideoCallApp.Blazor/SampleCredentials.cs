namespace VideoCallApp.Blazor;

/// <summary>The configuration section <c>Vonage</c>: the credentials the page publishes with.</summary>
public sealed class SampleCredentials
{
    public const string PlaceholderApiKey = "00000000";

    public const string PlaceholderSessionId = "1_placeholder-session-id";

    public const string PlaceholderToken = "T1==placeholder-token";

    public string? ApiKey { get; set; }

    public string? SessionId { get; set; }

    public string? Token { get; set; }

    /// <summary>Returns these credentials, or the placeholders when any is missing.</summary>
    public SampleCredentials WithPlaceholders() => UsesPlaceholders
        ? new SampleCredentials { ApiKey = PlaceholderApiKey, SessionId = PlaceholderSessionId, Token = PlaceholderToken }
        : this;

    /// <summary>Gets a value indicating whether any credential is missing, so placeholders stand in and the page says so.</summary>
    public bool UsesPlaceholders => string.IsNullOrWhiteSpace(ApiKey) || string.IsNullOrWhiteSpace(SessionId) || string.IsNullOrWhiteSpace(Token);
}
