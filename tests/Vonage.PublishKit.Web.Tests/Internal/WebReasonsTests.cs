using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web.Tests.Internal;

public sealed class WebReasonsTests
{
    [Theory]
    [InlineData("networkDisconnected", DisconnectReason.NetworkDisconnected)]
    [InlineData("clientDisconnected", DisconnectReason.ClientDisconnected)]
    [InlineData("forceDisconnected", DisconnectReason.ForceDisconnected)]
    [InlineData("forceUnpublished", DisconnectReason.ForceUnpublished)]
    [InlineData("mediaStopped", DisconnectReason.MediaStopped)]
    [InlineData("mediaIdle", DisconnectReason.Unknown)]
    [InlineData("NetworkDisconnected", DisconnectReason.Unknown)]
    [InlineData(null, DisconnectReason.Unknown)]
    public void Disconnect_SdkReason_MapsDirectly(string? reason, DisconnectReason expected) =>
        Assert.Equal(expected, WebReasons.Disconnect(reason));

    [Theory]
    [InlineData("networkDisconnected", StreamDestroyedReason.NetworkDisconnected)]
    [InlineData("clientDisconnected", StreamDestroyedReason.ClientDisconnected)]
    [InlineData("unpublished", StreamDestroyedReason.ClientDisconnected)]
    [InlineData("forceDisconnected", StreamDestroyedReason.ForceDisconnected)]
    [InlineData("forceUnpublished", StreamDestroyedReason.ForceUnpublished)]
    [InlineData("mediaStopped", StreamDestroyedReason.MediaStopped)]
    [InlineData("somethingNew", StreamDestroyedReason.Unknown)]
    [InlineData(null, StreamDestroyedReason.Unknown)]
    public void Stream_SdkReason_MapsDirectly(string? reason, StreamDestroyedReason expected) =>
        Assert.Equal(expected, WebReasons.Stream(reason));
}
