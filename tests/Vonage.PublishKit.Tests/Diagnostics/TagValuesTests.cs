using Vonage.PublishKit.Diagnostics;

namespace Vonage.PublishKit.Tests.Diagnostics;

/// <summary>The tag values docs/diagnostics.md documents, which dashboards and alerts match on.</summary>
public class TagValuesTests
{
    [Theory]
    [InlineData(PublishErrorKind.AccessDenied, "access_denied")]
    [InlineData(PublishErrorKind.DeviceUnavailable, "device_unavailable")]
    [InlineData(PublishErrorKind.NotConnected, "not_connected")]
    [InlineData(PublishErrorKind.PeerConnectionFailed, "peer_connection_failed")]
    [InlineData(PublishErrorKind.AuthenticationFailed, "authentication_failed")]
    [InlineData(PublishErrorKind.ConnectionRejected, "connection_rejected")]
    [InlineData(PublishErrorKind.Unknown, "unknown")]
    public void ErrorType_IsTheDocumentedValue(PublishErrorKind kind, string expected) => Assert.Equal(expected, TagValues.Of(kind));

    [Theory]
    [InlineData(PublishPhase.Initialize, "initialize")]
    [InlineData(PublishPhase.Connect, "connect")]
    [InlineData(PublishPhase.Publish, "publish")]
    public void Phase_IsTheDocumentedValue(PublishPhase phase, string expected) => Assert.Equal(expected, TagValues.Of(phase));

    [Theory]
    [InlineData(StreamDestroyedReason.NetworkDisconnected, "network_disconnected")]
    [InlineData(StreamDestroyedReason.ClientDisconnected, "client_disconnected")]
    [InlineData(StreamDestroyedReason.ForceDisconnected, "force_disconnected")]
    [InlineData(StreamDestroyedReason.ForceUnpublished, "force_unpublished")]
    [InlineData(StreamDestroyedReason.MediaStopped, "media_stopped")]
    [InlineData(StreamDestroyedReason.Unknown, "unknown")]
    public void Reason_IsTheDocumentedValue(StreamDestroyedReason reason, string expected) => Assert.Equal(expected, TagValues.Of(reason));
}
