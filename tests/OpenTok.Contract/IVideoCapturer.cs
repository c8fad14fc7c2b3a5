#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

namespace OpenTok;

// interface_open_tok_1_1_i_video_capturer.txt. Its members (Init, Start, Stop, Destroy, GetCaptureSettings, content
// hints) are not declared: the adapter only passes capturers to Publisher.Builder.Capturer and never calls them.

/// <summary>A video capturer: the source of a publisher's video frames.</summary>
public interface IVideoCapturer
{
}
