using System;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web;

/// <summary>
/// Creates OpenTok.js publishers (<c>OT.initPublisher</c>) for the orchestrator, each in the element
/// <see cref="TargetElement"/> names when it is initialized.
/// </summary>
/// <remarks>Thread-safe. Each publisher holds its own JS object references and releases them when disposed.</remarks>
public sealed class WebPublisherFactory : IPublisherFactory
{
    private readonly IJSRuntime _js;
    private readonly WebAdapterOptions _options;
    private ElementReference? _targetElement;

    /// <summary>Initializes a new instance with default <see cref="WebAdapterOptions"/>.</summary>
    /// <param name="js">The JS runtime of the circuit or of the WebAssembly app.</param>
    /// <exception cref="ArgumentNullException"><paramref name="js"/> is <see langword="null"/>.</exception>
    public WebPublisherFactory(IJSRuntime js)
        : this(js, null)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="js">The JS runtime of the circuit or of the WebAssembly app.</param>
    /// <param name="options">The adapter's options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WebAdapterOptions.ReleaseTimeout"/> is zero or negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="js"/> is <see langword="null"/>.</exception>
    public WebPublisherFactory(IJSRuntime js, WebAdapterOptions? options)
    {
        _js = js ?? throw new ArgumentNullException(nameof(js));
        _options = (options ?? new WebAdapterOptions()).Clone();
    }

    /// <summary>
    /// Gets or sets the element the publisher's video goes into (see <see cref="WebPublisherOptions.InsertMode"/>), for
    /// example an <c>@ref</c> set in <c>OnAfterRender</c>; <see langword="null"/> lets the SDK append it to the page's
    /// <c>body</c> (or, with <see cref="WebPublisherOptions.InsertDefaultUI"/> off, insert none). Read when a publisher is created.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ElementReference? TargetElement
    {
        get
        {
            lock (_js)
            {
                return _targetElement;
            }
        }

        set
        {
            lock (_js)
            {
                _targetElement = value;
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is <see langword="null"/>.</exception>
    public IPublisher CreatePublisher(PublisherSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var copy = new PublisherSettings { Name = settings.Name, PublishAudio = settings.PublishAudio, PublishVideo = settings.PublishVideo };
        return new WebPublisher(_js, _options, copy, TargetElement);
    }
}
