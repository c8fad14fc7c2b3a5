using System;
using System.Threading.Tasks;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web.Tests.Internal;

public sealed class WebErrorsTests
{
    [Theory]

    // The design note's table, as measured against OpenTok.js 2.35.2 in Chromium.
    [InlineData("OT_USER_MEDIA_ACCESS_DENIED", 1500, PublishPhase.Initialize, typeof(AccessDeniedException), PublishErrorKind.AccessDenied, false)]
    [InlineData("OT_NO_DEVICES_FOUND", 1500, PublishPhase.Initialize, typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false)]
    [InlineData("OT_HARDWARE_UNAVAILABLE", 1500, PublishPhase.Initialize, typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false)]
    [InlineData("OT_CONNECT_FAILED", 1006, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_NOT_CONNECTED", 1010, PublishPhase.Publish, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_INVALID_HTTP_STATUS", 2001, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_INVALID_PARAMETER", 1011, PublishPhase.Initialize, typeof(PublishException), PublishErrorKind.Unknown, false)]

    // From the SDK's source (inferred formats of Vonage's servers).
    [InlineData("OT_AUTHENTICATION_ERROR", 1004, PublishPhase.Connect, typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false)]
    [InlineData("OT_INVALID_SESSION_ID", 1005, PublishPhase.Connect, typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false)]
    [InlineData("OT_EMPTY_RESPONSE_BODY", 1006, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_XDOMAIN_OR_PARSING_ERROR", 2001, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_SOCKET_CLOSE_FALLBACK_CODE", 4020, PublishPhase.Connect, typeof(NotConnectedException), PublishErrorKind.NotConnected, true)]
    [InlineData("OT_CREATE_PEER_CONNECTION_FAILED", 1013, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true)]
    [InlineData("OT_ICE_WORKFLOW_FAILED", null, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true)]
    [InlineData("OT_CONNECTION_LIMIT_EXCEEDED", 1027, PublishPhase.Connect, typeof(PublishException), PublishErrorKind.ConnectionRejected, false)]
    [InlineData("OT_TERMS_OF_SERVICE_FAILURE", 1026, PublishPhase.Connect, typeof(PublishException), PublishErrorKind.ConnectionRejected, false)]
    [InlineData("OT_CONSTRAINTS_NOT_SATISFIED", 1500, PublishPhase.Initialize, typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false)]
    [InlineData("OT_UNABLE_TO_CAPTURE_MEDIA", 1500, PublishPhase.Initialize, typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false)]
    [InlineData("OT_PERMISSION_DENIED", 1500, PublishPhase.Initialize, typeof(AccessDeniedException), PublishErrorKind.AccessDenied, false)]
    [InlineData("OT_STREAM_CREATE_FAILED", 1500, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true)]
    [InlineData("OT_TIMEOUT", null, PublishPhase.Publish, typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true)]

    // Anything unknown is the base type, whatever its code: on the web 1500 is any publisher failure.
    [InlineData("OT_SOMETHING_NEW", 1500, PublishPhase.Initialize, typeof(PublishException), PublishErrorKind.Unknown, false)]
    [InlineData("OT_SOMETHING_NEW", null, PublishPhase.Connect, typeof(PublishException), PublishErrorKind.Unknown, false)]
    public void Map_SdkError_GivesTypedExceptionKeepingNameAndCode(string name, int? code, PublishPhase phase, Type type, PublishErrorKind kind, bool transient)
    {
        var exception = WebErrors.Map(new JsError { Name = name, Code = code, Message = "What the SDK said." }, phase);

        Assert.IsType(type, exception);
        Assert.Equal(kind, exception.Kind);
        Assert.Equal(name, exception.SdkErrorName);
        Assert.Equal(code, exception.SdkErrorCode);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal(phase, exception.Phase);
        Assert.Contains("What the SDK said", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OT_AUTHENTICATION_ERROR")]
    [InlineData("OT_SOMETHING_NEW")]
    public void Map_DescriptionEchoesToken_RedactsIt(string name)
    {
        const string token = "T1==cGFydG5lcl9pZD0xMjM0NTY3OCZzaWc9YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODk6c2Vzc2lvbl9pZD0x";

        var exception = WebErrors.Map(new JsError { Name = name, Code = 1004, Message = "Invalid token " + token }, PublishPhase.Connect);

        Assert.DoesNotContain(token, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_SdkNotLoaded_SaysHowToLoadIt()
    {
        var exception = WebErrors.Map(new JsError { Name = WebErrors.SdkNotLoaded, Message = "OpenTok.js is not loaded" }, PublishPhase.Connect);

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.False(exception.IsTransient);
        Assert.Null(exception.SdkErrorName);
        Assert.Contains("<script src=", exception.Message, StringComparison.Ordinal);
        Assert.Contains("@opentok/client", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PublishPhase.Initialize, PublishErrorKind.DeviceUnavailable)]
    [InlineData(PublishPhase.Connect, PublishErrorKind.NotConnected)]
    [InlineData(PublishPhase.Publish, PublishErrorKind.PeerConnectionFailed)]
    public void InteropTimedOut_Phase_IsThatPhasesTimeoutKind(PublishPhase phase, PublishErrorKind kind)
    {
        var inner = new TaskCanceledException();

        var exception = WebErrors.InteropTimedOut(phase, inner);

        Assert.Equal(kind, exception.Kind);
        Assert.Same(inner, exception.InnerException);
    }
}
