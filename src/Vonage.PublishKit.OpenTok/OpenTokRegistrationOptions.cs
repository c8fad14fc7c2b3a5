using System;
using OpenTok;

namespace Vonage.PublishKit.OpenTok;

/// <summary>What <c>AddPublishKitOpenTok</c> needs to build the SDK objects: the session's credentials and the dispatcher.</summary>
public sealed class OpenTokRegistrationOptions
{
    /// <summary>Gets or sets the API key (application id). Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the session id. Required.</summary>
    public string? SessionId { get; set; }

    /// <summary>
    /// Gets or sets how to create the dispatcher the SDK raises its events through, for example
    /// <c>_ => new WPFDispatcher()</c>; <see langword="null"/> (or a factory that returns it) uses the SDK's
    /// <c>DirectDispatcher</c>: events arrive on the SDK's own thread.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<IServiceProvider, IDispatcher>? Dispatcher { get; set; }

    /// <summary>Gets or sets the adapter's options (error mapping, reasons, device pre-flight, publisher builder hook).</summary>
    /// <value>The default value is a new <see cref="OpenTokOptions"/>.</value>
    public OpenTokOptions Adapter { get; set; } = new();
}
