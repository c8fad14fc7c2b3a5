using System;

namespace Vonage.PublishKit.Tests;

public class PublishExceptionTests
{
    public static TheoryData<PublishException, PublishErrorKind, PublishPhase, bool, string> Defaults => new()
    {
        { new PublishException(), PublishErrorKind.Unknown, PublishPhase.Publish, false, "An unknown error occurred while trying to publish your video. Please try again later." },
        { new AccessDeniedException(), PublishErrorKind.AccessDenied, PublishPhase.Initialize, false, "Please allow access to the Camera and Microphone and try publishing again." },
        { new DeviceUnavailableException(), PublishErrorKind.DeviceUnavailable, PublishPhase.Initialize, false, "Failed to get access to your camera or microphone. Please check that your webcam is connected and not being used by another application and try again." },
        { new NotConnectedException(), PublishErrorKind.NotConnected, PublishPhase.Connect, true, "Publishing your video failed. You are not connected to the internet." },
        { new PeerConnectionFailedException(), PublishErrorKind.PeerConnectionFailed, PublishPhase.Publish, true, "Publishing your video failed. This could be due to a restrictive firewall." },
        { new AuthenticationFailedException(), PublishErrorKind.AuthenticationFailed, PublishPhase.Connect, false, "Publishing your video failed: the video session did not accept its credentials. Please try again." },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void ParameterlessConstructor_GivesDefaultsOfItsKind(PublishException exception, PublishErrorKind kind, PublishPhase phase, bool transient, string userMessage)
    {
        Assert.Equal(kind, exception.Kind);
        Assert.Equal(phase, exception.Phase);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal(userMessage, exception.UserMessage);
        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
        Assert.Null(exception.SdkErrorCode);
        Assert.Null(exception.SdkErrorName);
        Assert.Null(exception.InnerException);
        Assert.Null(exception.ConcurrentFailure);
    }

    [Fact]
    public void StandardConstructors_KeepMessageAndInner()
    {
        var inner = new InvalidOperationException();

        var exception = new NotConnectedException("offline", inner);

        Assert.Equal("offline", exception.Message);
        Assert.Same(inner, exception.InnerException);
        Assert.Equal("offline", new AccessDeniedException("offline").Message);
    }

    [Fact]
    public void FullConstructor_SetsEveryProperty()
    {
        var exception = new PublishException("dev", PublishErrorKind.ConnectionRejected, PublishPhase.Connect, 1027, "OT_X", isTransient: true, "user", null);

        Assert.Equal(("dev", PublishErrorKind.ConnectionRejected, PublishPhase.Connect, 1027, "OT_X", true, "user"), (exception.Message, exception.Kind, exception.Phase, exception.SdkErrorCode!.Value, exception.SdkErrorName, exception.IsTransient, exception.UserMessage));
    }

    [Fact]
    public void SubtypeFullConstructor_KeepsFixedKindAndTransience()
    {
        var exception = new AccessDeniedException(null, PublishPhase.Publish, 1500, "OT_USER_MEDIA_ACCESS_DENIED", "custom", null);

        Assert.Equal(PublishErrorKind.AccessDenied, exception.Kind);
        Assert.False(exception.IsTransient);
        Assert.Equal("custom", exception.UserMessage);
        Assert.Equal(PublishPhase.Publish, exception.Phase);
    }

    [Fact]
    public void EventArgs_HavePublicConstructorsForMocks()
    {
        var publisher = new Moq.Mock<IPublisher>().Object;

        Assert.Equal(DisconnectReason.ForceDisconnected, new SessionDisconnectedEventArgs(DisconnectReason.ForceDisconnected).Reason);
        Assert.Equal(StreamDestroyedReason.MediaStopped, new StreamDestroyedEventArgs(StreamDestroyedReason.MediaStopped).Reason);
        var lost = new NetworkDisconnectedEventArgs(publisher, "s1");
        Assert.Equal(("s1", "Your publisher lost its connection. Please check your internet connection and try publishing again."), (lost.StreamId, lost.UserMessage));
        Assert.Equal("Reconnecting…", new NetworkDisconnectedEventArgs(publisher, "s1", "Reconnecting…").UserMessage);
        Assert.Equal("publisher", Assert.Throws<ArgumentNullException>(() => new NetworkDisconnectedEventArgs(null!, "s1")).ParamName);
        Assert.Equal("publisher", Assert.Throws<ArgumentNullException>(() => new PublishedStream(null!, null, default, default, default, default)).ParamName);
    }
}
