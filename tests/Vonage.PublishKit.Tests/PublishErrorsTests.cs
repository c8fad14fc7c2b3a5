using System;

namespace Vonage.PublishKit.Tests;

public class PublishErrorsTests
{
    public static TheoryData<int, PublishPhase, Type, PublishErrorKind, bool> Codes => new()
    {
        { 1004, PublishPhase.Connect, typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false },
        { 1005, PublishPhase.Connect, typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false },
        { 1006, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1010, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1010, PublishPhase.Publish, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1021, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1022, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1023, PublishPhase.Connect, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true },
        { 1026, PublishPhase.Connect, typeof(PublishException), PublishErrorKind.ConnectionRejected, false },
        { 1027, PublishPhase.Connect, typeof(PublishException), PublishErrorKind.ConnectionRejected, false },
        { 1503, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true },
        { 1500, PublishPhase.Initialize, typeof(AccessDeniedException), PublishErrorKind.AccessDenied, false },
        { 1500, PublishPhase.Publish, typeof(PublishException), PublishErrorKind.Unknown, true },
        { 1541, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true },
        { 1610, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true },
        { 2000, PublishPhase.Publish, typeof(PublishException), PublishErrorKind.Unknown, true },
        { 4242, PublishPhase.Publish, typeof(PublishException), PublishErrorKind.Unknown, false },
    };

    public static TheoryData<string, PublishPhase, Type, bool> Names => new()
    {
        { "OT_USER_MEDIA_ACCESS_DENIED", PublishPhase.Initialize, typeof(AccessDeniedException), false },
        { "OT_HARDWARE_UNAVAILABLE", PublishPhase.Initialize, typeof(DeviceUnavailableException), false },
        { "OT_NO_DEVICES_FOUND", PublishPhase.Initialize, typeof(DeviceUnavailableException), false },
        { "OT_NOT_CONNECTED", PublishPhase.Publish, typeof(NotConnectedException), true },
        { "OT_CONNECT_FAILED", PublishPhase.Connect, typeof(NotConnectedException), true },
        { "OT_CREATE_PEER_CONNECTION_FAILED", PublishPhase.Publish, typeof(PeerConnectionFailedException), true },
        { "OT_ICE_WORKFLOW_FAILED", PublishPhase.Publish, typeof(PeerConnectionFailedException), true },
        { "OT_AUTHENTICATION_ERROR", PublishPhase.Connect, typeof(AuthenticationFailedException), false },
        { "OT_INVALID_SESSION_ID", PublishPhase.Connect, typeof(AuthenticationFailedException), false },
        { "OT_TIMEOUT", PublishPhase.Initialize, typeof(DeviceUnavailableException), false },
        { "OT_TIMEOUT", PublishPhase.Connect, typeof(NotConnectedException), true },
        { "OT_TIMEOUT", PublishPhase.Publish, typeof(PeerConnectionFailedException), true },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void FromSdkError_EveryKnownCode_MapsToTypeKindAndTransience(int code, PublishPhase phase, Type type, PublishErrorKind kind, bool transient)
    {
        var exception = PublishErrors.FromSdkError(code, null, "native description", phase);

        Assert.Equal(type, exception.GetType());
        Assert.Equal(kind, exception.Kind);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal(code, exception.SdkErrorCode);
        Assert.Equal(phase, exception.Phase);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        Assert.Contains("native description", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FromSdkError_EveryKnownName_MapsToType(string name, PublishPhase phase, Type type, bool transient)
    {
        var exception = PublishErrors.FromSdkError(null, name, null, phase);

        Assert.Equal(type, exception.GetType());
        Assert.Equal(name, exception.SdkErrorName);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Null(exception.SdkErrorCode);
    }

    [Fact]
    public void FromSdkError_NameAndCodeDisagree_NameWins()
    {
        var exception = PublishErrors.FromSdkError(1010, "OT_USER_MEDIA_ACCESS_DENIED", null, PublishPhase.Publish);

        Assert.IsType<AccessDeniedException>(exception);
        Assert.Equal(1010, exception.SdkErrorCode);
    }

    [Fact]
    public void FromSdkError_UnknownName_FallsBackToCode()
    {
        var exception = PublishErrors.FromSdkError(1010, "OT_SOMETHING_NEW", null, PublishPhase.Publish);

        Assert.IsType<NotConnectedException>(exception);
    }

    [Fact]
    public void FromSdkError_Nothing_GivesUnknownBaseWithGenericMessage()
    {
        var exception = PublishErrors.FromSdkError(null, null, null, PublishPhase.Publish);

        Assert.Equal(typeof(PublishException), exception.GetType());
        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal("The publish failed for an unknown reason.", exception.Message);
    }

    [Fact]
    public void FromSdkError_KeepsInnerException()
    {
        var inner = new InvalidOperationException("OpenTokException stand-in");

        var exception = PublishErrors.FromSdkError(1006, null, null, PublishPhase.Connect, inner);

        Assert.Same(inner, exception.InnerException);
    }

    [Fact]
    public void AccessDenied_IsTheGuidesError()
    {
        var exception = PublishErrors.AccessDenied();

        Assert.Equal(1500, exception.SdkErrorCode);
        Assert.Equal(SdkErrorNames.UserMediaAccessDenied, exception.SdkErrorName);
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", exception.UserMessage);
        Assert.Equal(
            "The user denied access to the camera or microphone. SDK error 1500 OT_USER_MEDIA_ACCESS_DENIED: Publisher Access Denied.",
            exception.Message);
    }

    [Fact]
    public void FactoryMethods_GiveTheGuidesNamesAndUserMessages()
    {
        Assert.Equal(SdkErrorNames.NoDevicesFound, PublishErrors.NoDevicesFound().SdkErrorName);
        Assert.Equal(SdkErrorNames.HardwareUnavailable, PublishErrors.HardwareUnavailable().SdkErrorName);
        Assert.Equal(SdkErrorNames.NotConnected, PublishErrors.NotConnected().SdkErrorName);
        Assert.Equal(PublishPhase.Connect, PublishErrors.NotConnected().Phase);
        Assert.Equal(PublishPhase.Publish, PublishErrors.NotConnected(PublishPhase.Publish).Phase);
        Assert.Equal(SdkErrorNames.CreatePeerConnectionFailed, PublishErrors.PeerConnectionFailed().SdkErrorName);
        Assert.Equal(PublishErrorKind.AuthenticationFailed, PublishErrors.AuthenticationFailed().Kind);
        Assert.False(PublishErrors.AuthenticationFailed().IsTransient);
        Assert.Equal("An unknown error occurred while trying to publish your video. Please try again later.", PublishErrors.Unknown().UserMessage);
        Assert.Equal("Publishing your video failed. This could be due to a restrictive firewall.", PublishErrors.PeerConnectionFailed().UserMessage);
    }

    [Theory]
    [InlineData(PublishPhase.Initialize, typeof(DeviceUnavailableException), false)]
    [InlineData(PublishPhase.Connect, typeof(NotConnectedException), true)]
    [InlineData(PublishPhase.Publish, typeof(PeerConnectionFailedException), true)]
    public void Timeout_PerPhase_GivesTypedExceptionWithInnerTimeout(PublishPhase phase, Type type, bool transient)
    {
        var exception = PublishErrors.Timeout(phase, TimeSpan.FromSeconds(15));

        Assert.Equal(type, exception.GetType());
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal(phase, exception.Phase);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.Contains("15 s", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<PublishException, string> FactoryMessages => new()
    {
        { PublishErrors.NoDevicesFound(), "No camera or microphone was found" },
        { PublishErrors.HardwareUnavailable(), "The camera or microphone is in use by another application" },
        { PublishErrors.NotConnected(), "SDK error 1010 OT_NOT_CONNECTED: Not connected." },
        { PublishErrors.PeerConnectionFailed(), "Could not create the peer connection" },
        { PublishErrors.AuthenticationFailed(), "SDK error 1004 OT_AUTHENTICATION_ERROR: Authorization failure." },
        { new PublishException(null, PublishErrorKind.AuthenticationFailed, PublishPhase.Connect, null, null, false, null, null), "The session rejected the credentials: check the API key, the session id and the token." },
        { new PublishException(null, PublishErrorKind.ConnectionRejected, PublishPhase.Connect, null, null, false, null, null), "The server refused the connection: the connection limit was reached or the region is blocked." },
    };

    [Theory]
    [MemberData(nameof(FactoryMessages))]
    public void Messages_SayWhatHappenedForDevelopers(PublishException exception, string expected)
    {
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "only a description", "The publish failed for an unknown reason. SDK error: only a description.")]
    [InlineData(4242, null, null, "The publish failed for an unknown reason. SDK error 4242.")]
    [InlineData(null, "OT_SOMETHING", null, "The publish failed for an unknown reason. SDK error OT_SOMETHING.")]
    public void FromSdkError_AnyPartGiven_IsInTheMessage(int? code, string? name, string? description, string expected)
    {
        Assert.Equal(expected, PublishErrors.FromSdkError(code, name, description, PublishPhase.Publish).Message);
    }

    [Fact]
    public void Unexpected_NamesThePhaseAndTheTypeButNotTheMessage()
    {
        var exception = PublishErrors.Unexpected(new InvalidOperationException("adapter text with T1==secret"), PublishPhase.Connect);

        Assert.Equal("The Connect phase failed with an unexpected System.InvalidOperationException.", exception.Message);
    }
}
