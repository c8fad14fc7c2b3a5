using System.Collections.Generic;
using System.Threading.Tasks;
using System.Threading;
using System;
using OpenTok.Contract;
using OpenTok;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

public sealed class OpenTokSessionTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public void Constructor_BuildsSdkSessionWithApiKeyAndSessionId()
    {
        Assert.Equal("api-key", _sdk.Sdk.ApiKey);
        Assert.Equal("session-id", _sdk.Sdk.SessionId);
        Assert.True(_sdk.Sdk.HasHandlers);
    }

    [Fact]
    public async Task ConnectAsync_SdkRaisesConnected_CompletesAndIsConnected()
    {
        string? token = null;
        _sdk.Sdk.OnConnect = t => token = t;

        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        Assert.False(connect.IsCompleted);
        Assert.False(_sdk.Session.IsConnected);
        _sdk.Sdk.RaiseConnected();

        await connect.OrTimeout();
        Assert.True(_sdk.Session.IsConnected);
        Assert.Equal(SdkHarness.Token, token);
    }

    [Fact]
    public async Task ConnectAsync_AlreadyConnected_CompletesWithoutCallingSdkAgain()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();

        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();

        Assert.Equal(1, _sdk.Sdk.ConnectCount);
    }

    [Fact]
    public async Task ConnectAsync_ErrorBeforeConnected_ThrowsMappedExceptionAndLaterConnectedIsIgnored()
    {
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        _sdk.Sdk.RaiseError(1004, "Authorization failure");

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => connect.OrTimeout());
        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Equal(1004, exception.SdkErrorCode);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.DoesNotContain(SdkHarness.Token, exception.ToString(), StringComparison.Ordinal);

        _sdk.Sdk.RaiseConnected();
        Assert.False(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_SdkThrowsOpenTokException_ThrowsMappedExceptionWithSanitizedInner()
    {
        var thrown = new OpenTokException("Connection failed") { ErrorCode = (ErrorCode)1006 };
        _sdk.Sdk.OnConnect = _ => throw thrown;

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(1006, exception.SdkErrorCode);
        Assert.NotSame(thrown, exception.InnerException);
        Assert.Equal("OpenTok.OpenTokException (ErrorCode 1006): Connection failed", exception.InnerException?.Message);
        Assert.False(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_DisconnectedBeforeConnected_ThrowsNotConnectedAndRaisesNothing()
    {
        var raised = 0;
        _sdk.Session.Disconnected += (_, _) => raised++;
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);

        _sdk.Sdk.RaiseDisconnected();

        await Assert.ThrowsAsync<NotConnectedException>(() => connect.OrTimeout());
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task ConnectAsync_Canceled_ThrowsCanceledAndDisconnectsSdk()
    {
        using var cts = new CancellationTokenSource();
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.OrTimeout());
        Assert.Equal(1, _sdk.Sdk.DisconnectCount);
        _sdk.Sdk.RaiseConnected();
        Assert.False(_sdk.Session.IsConnected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ConnectAsync_InvalidToken_ThrowsArgumentException(string? token)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => { _ = _sdk.Session.ConnectAsync(token!); });
        Assert.Equal("token", exception.ParamName);
        Assert.Equal(0, _sdk.Sdk.ConnectCount);
    }

    [Fact]
    public async Task DisconnectAsync_Connected_RaisesDisconnectedWithClientDisconnected()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var reasons = new List<DisconnectReason>();
        _sdk.Session.Disconnected += (_, e) => reasons.Add(e.Reason);

        await _sdk.Session.DisconnectAsync().OrTimeout();

        Assert.Equal([DisconnectReason.ClientDisconnected], reasons);
        Assert.False(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task Reconnection_RecoversWithReconnectionSuccess_RaisesReconnectingThenReconnectedAndNoDisconnected()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var events = new List<string>();
        _sdk.Session.Reconnecting += (_, _) => events.Add("reconnecting:" + _sdk.Session.IsConnected);
        _sdk.Session.Reconnected += (_, _) => events.Add("reconnected:" + _sdk.Session.IsConnected);
        _sdk.Session.Disconnected += (_, e) => events.Add("disconnected");

        _sdk.Sdk.RaiseReconnectionStart();
        _sdk.Sdk.RaiseReconnectionSuccess();

        Assert.Equal(["reconnecting:False", "reconnected:True"], events);
        Assert.True(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task Reconnection_EndsInDisconnected_RaisesDisconnectedWithNetworkDisconnected()
    {
        _sdk.Options.UnexpectedDisconnectReason = DisconnectReason.Unknown;
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var reasons = new List<DisconnectReason>();
        _sdk.Session.Disconnected += (_, e) => reasons.Add(e.Reason);

        _sdk.Sdk.RaiseReconnectionStart();
        _sdk.Sdk.RaiseDisconnected();

        Assert.Equal([DisconnectReason.NetworkDisconnected], reasons);
    }

    [Fact]
    public async Task Reconnection_ConnectAsyncDuringReconnection_CompletesOnReconnectionSuccess()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        _sdk.Sdk.RaiseReconnectionStart();

        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        Assert.False(connect.IsCompleted);
        _sdk.Sdk.RaiseReconnectionSuccess();

        await connect.OrTimeout();
        Assert.Equal(1, _sdk.Sdk.ConnectCount);
    }

    [Fact]
    public async Task Disconnected_AfterConnectionDroppedError_ReportsNetworkDisconnected()
    {
        _sdk.Options.UnexpectedDisconnectReason = DisconnectReason.Unknown;
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var reasons = new List<DisconnectReason>();
        _sdk.Session.Disconnected += (_, e) => reasons.Add(e.Reason);

        _sdk.Sdk.RaiseError(1022, "Connection dropped");
        _sdk.Sdk.RaiseDisconnected();

        Assert.Equal([DisconnectReason.NetworkDisconnected], reasons);
    }

    [Theory]
    [InlineData(DisconnectReason.NetworkDisconnected)]
    [InlineData(DisconnectReason.ForceDisconnected)]
    [InlineData(DisconnectReason.Unknown)]
    public async Task Disconnected_Unexplained_ReportsConfiguredReason(DisconnectReason configured)
    {
        _sdk.Options.UnexpectedDisconnectReason = configured;
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var reasons = new List<DisconnectReason>();
        _sdk.Session.Disconnected += (_, e) => reasons.Add(e.Reason);

        _sdk.Sdk.RaiseDisconnected();

        Assert.Equal([configured], reasons);
    }

    [Fact]
    public async Task Disconnected_UnexplainedByDefault_ReportsNetworkDisconnected()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        DisconnectReason? reason = null;
        _sdk.Session.Disconnected += (_, e) => reason = e.Reason;

        _sdk.Sdk.RaiseDisconnected();

        Assert.Equal(DisconnectReason.NetworkDisconnected, reason);
    }

    [Fact]
    public async Task Dispose_Published_UnpublishesDisconnectsThenDisposesSdkSessionOnce()
    {
        _sdk.AnswerEverything();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        var raised = 0;
        _sdk.Session.Disconnected += (_, _) => raised++;

        _sdk.Session.Dispose();
        _sdk.Session.Dispose();
        await publisher.DisposeAsync();

        Assert.Equal(
            ["Session.Connect", "Publisher.Build", "Session.Publish", "Session.Unpublish", "Session.Disconnect", "Session.Dispose", "Publisher.Dispose"],
            _sdk.Calls);
        Assert.Equal(1, _sdk.Sdk.DisposeCount);
        Assert.False(_sdk.Sdk.HasHandlers);
        Assert.Equal(0, raised);
        Assert.Throws<ObjectDisposedException>(() => { _ = _sdk.Session.ConnectAsync(SdkHarness.Token); });
    }

    [Fact]
    public async Task Dispose_ConnectInFlight_FailsItWithObjectDisposed()
    {
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);

        _sdk.Session.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => connect.OrTimeout());
        Assert.Equal(1, _sdk.Sdk.DisconnectCount);
    }

    [Fact]
    public void Dispose_WrappedSession_DoesNotDisposeCallersSdkSession()
    {
        var sdkSession = new Session.Builder(_sdk.Context, "k", "s").Build();
        var session = new OpenTokSession(sdkSession);

        session.Dispose();

        Assert.Equal(0, sdkSession.Script().DisposeCount);
        Assert.False(sdkSession.Script().HasHandlers);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new OpenTokSession(null!, "k", "s"));
        Assert.Throws<ArgumentException>(() => new OpenTokSession(_sdk.Context, " ", "s"));
        Assert.Throws<ArgumentException>(() => new OpenTokSession(_sdk.Context, "k", ""));
        Assert.Throws<ArgumentNullException>(() => new OpenTokSession((Session)null!));
    }
}
