namespace Vonage.PublishKit.Web;

/// <summary>What <c>AddPublishKitWeb</c> needs: the session's credentials and the adapter's options.</summary>
public sealed class WebRegistrationOptions
{
    /// <summary>Gets or sets the API key (application id). Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the session id. Required.</summary>
    public string? SessionId { get; set; }

    /// <summary>Gets or sets the adapter's options.</summary>
    /// <value>The default value is a new <see cref="WebAdapterOptions"/>.</value>
    public WebAdapterOptions Adapter { get; set; } = new();
}
