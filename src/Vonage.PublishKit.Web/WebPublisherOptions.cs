namespace Vonage.PublishKit.Web;

/// <summary>
/// OpenTok.js's own publisher properties that <see cref="PublisherSettings"/> does not cover. The name and whether
/// audio and video are published come from <see cref="PublisherSettings"/>.
/// </summary>
public sealed class WebPublisherOptions
{
    /// <summary>Gets or sets the capture resolution.</summary>
    /// <value>The default value is <see cref="PublisherResolution.SdkDefault"/>.</value>
    public PublisherResolution Resolution { get; set; }

    /// <summary>Gets or sets where the video goes relative to the target element.</summary>
    /// <value>
    /// The default value is <see cref="PublisherInsertMode.Append"/>, so the element the app renders stays in its
    /// render tree (with <see cref="PublisherInsertMode.Replace"/> the SDK removes an element Blazor owns).
    /// </value>
    public PublisherInsertMode InsertMode { get; set; } = PublisherInsertMode.Append;

    /// <summary>Gets or sets a value indicating whether the SDK inserts its own video element and controls.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool InsertDefaultUI { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the local preview is mirrored.</summary>
    /// <value>The default value is <see langword="true"/>, as in the SDK.</value>
    public bool Mirror { get; set; } = true;

    internal WebPublisherOptions Clone() => new() { Resolution = Resolution, InsertMode = InsertMode, InsertDefaultUI = InsertDefaultUI, Mirror = Mirror };
}
