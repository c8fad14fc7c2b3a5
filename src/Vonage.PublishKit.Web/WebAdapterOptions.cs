using System;
using System.Threading;

namespace Vonage.PublishKit.Web;

/// <summary>How the web adapter talks to OpenTok.js.</summary>
public sealed class WebAdapterOptions
{
    /// <summary>The path the adapter imports its ES module from: the Razor class library's static web asset.</summary>
    public const string DefaultModulePath = "./_content/Vonage.PublishKit.Web/publishkit-web.js";

    /// <summary>The default bound on each call that releases something in the browser.</summary>
    public static readonly TimeSpan DefaultReleaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the URL of the adapter's ES module, for an app that serves it elsewhere.</summary>
    /// <value>The default value is <see cref="DefaultModulePath"/>.</value>
    public string ModulePath { get; set; } = DefaultModulePath;

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="IPublisher.InitializeAsync"/> first lists the devices with
    /// <c>OT.getDevices</c>, so a missing camera or microphone fails as <c>OT_NO_DEVICES_FOUND</c> before any prompt.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CheckDevicesBeforeInitialize { get; set; } = true;

    /// <summary>Gets or sets OpenTok.js's publisher properties.</summary>
    /// <value>The default value is a new <see cref="WebPublisherOptions"/>.</value>
    public WebPublisherOptions Publisher { get; set; } = new();

    /// <summary>
    /// Gets or sets how long a release (destroying the publisher, disconnecting, disposing a JS object reference) may
    /// wait for the browser before it is abandoned. Releases never throw: a browser that is gone has nothing left to release.
    /// </summary>
    /// <value>The default value is <see cref="DefaultReleaseTimeout"/>. It must be positive, or <see cref="Timeout.InfiniteTimeSpan"/>.</value>
    public TimeSpan ReleaseTimeout { get; set; } = DefaultReleaseTimeout;

    /// <summary>Gets or sets the time provider for <see cref="ReleaseTimeout"/>.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A copy, so later changes do not affect the adapter; throws for a value that cannot work.</summary>
    internal WebAdapterOptions Clone()
    {
        if (string.IsNullOrWhiteSpace(ModulePath))
        {
            throw new ArgumentException("WebAdapterOptions.ModulePath must not be empty.", "options");
        }

        if (ReleaseTimeout <= TimeSpan.Zero && ReleaseTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException("options", ReleaseTimeout, "WebAdapterOptions.ReleaseTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        return CloneUnchecked();
    }

    private WebAdapterOptions CloneUnchecked() => new()
    {
        ModulePath = ModulePath,
        CheckDevicesBeforeInitialize = CheckDevicesBeforeInitialize,
        Publisher = (Publisher ?? new WebPublisherOptions()).Clone(),
        ReleaseTimeout = ReleaseTimeout,
        TimeProvider = TimeProvider ?? TimeProvider.System,
    };
}
