using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Vonage.PublishKit.Tests.TestSupport;
using Vonage.PublishKit.Web.Internal;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests;

public sealed class WebSessionTests
{
    private const string Token = "T1==secret-token";
    private readonly FakeJsRuntime _js = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ConnectAsync_SdkConnects_IsConnectedAndTokenPassedOnlyToConnect()
    {
        _js.Answer("connect");
        await using var sut = CreateSut();

        await sut.ConnectAsync(Token).OrTimeout();

        Assert.True(sut.IsConnected);
        Assert.Equal([WebAdapterOptions.DefaultModulePath], _js.Imports);
        Assert.Equal(["api-key", "session-id"], _js.Session.CreateArgs[1..]);
        Assert.Equal(Token, _js.Session.Last("connect").Args[1]);
    }

    [Fact]
    public async Task ConnectAsync_SdkReportsConnectFailed_ThrowsNotConnectedWithSdkNameAndCode()
    {
        _js.Answer("connect", new JsError { Name = "OT_CONNECT_FAILED", Code = 1006, Message = " (1006)" });
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.Equal("OT_CONNECT_FAILED", exception.SdkErrorName);
        Assert.Equal(1006, exception.SdkErrorCode);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_SdkNeverAnswers_CancellationEndsTheWaitAndDisconnectsTheSdkSession()
    {
        await using var sut = CreateSut();

        await CancelPendingConnectAsync(sut);

        await Eventually.UntilAsync(() => _js.Session.Calls.Count == 2);
        Assert.Equal(["connect", "disconnect"], _js.Session.Methods);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_InteropCallItselfNeverReturns_CancellationEndsTheWait()
    {
        _js.Hanging.Add("connect");
        await using var sut = CreateSut();

        await CancelPendingConnectAsync(sut);

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_LateAnswerAfterCancellation_IsIgnored()
    {
        await using var sut = CreateSut();
        await CancelPendingConnectAsync(sut);

        _js.Session.Complete("connect");

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_CircuitGone_ThrowsNonTransientPublishException()
    {
        _js.Failure = new JSDisconnectedException("The circuit is gone.");
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.False(exception.IsTransient);
        Assert.IsType<JSDisconnectedException>(exception.InnerException);
        Assert.Contains("circuit", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ModuleThrowsEchoingToken_ThrowsRedactedPublishException()
    {
        const string token = "T1==cGFydG5lcl9pZD0xMjM0NTY3OCZzaWc9YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODk6";
        _js.Failure = new JSException("connect failed for " + token);
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.ConnectAsync(token).OrTimeout());

        Assert.DoesNotContain(token, exception.Message, StringComparison.Ordinal);
        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
    }

    [Fact]
    public async Task ConnectAsync_SdkNotLoaded_FailsSayingHowToLoadIt()
    {
        _js.Answer("connect", new JsError { Name = WebErrors.SdkNotLoaded, Message = "OpenTok.js is not loaded" });
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.Contains("opentok.min.js", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_Connected_CompletesWithoutCallingTheSdkAgain()
    {
        _js.Answer("connect");
        await using var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();

        await sut.ConnectAsync(Token).OrTimeout();

        Assert.Single(_js.Session.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public async Task ConnectAsync_NoToken_ThrowsArgumentException(string? token)
    {
        await using var sut = CreateSut();

        Assert.ThrowsAny<ArgumentException>(() => { _ = sut.ConnectAsync(token!); });
    }

    [Fact]
    public async Task Events_SdkDisconnectsForNetwork_RaisesDisconnectedWithNetworkDisconnected()
    {
        _js.Answer("connect");
        await using var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();
        var reasons = new List<DisconnectReason>();
        sut.Disconnected += (_, e) => reasons.Add(e.Reason);

        _js.Session.Raise("sessionDisconnected", "networkDisconnected");

        Assert.Equal([DisconnectReason.NetworkDisconnected], reasons);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task Events_SdkReconnects_RaisesReconnectingThenReconnected()
    {
        _js.Answer("connect");
        await using var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();
        var seen = new List<string>();
        sut.Reconnecting += (_, _) => seen.Add($"reconnecting:{sut.IsConnected}");
        sut.Reconnected += (_, _) => seen.Add($"reconnected:{sut.IsConnected}");

        _js.Session.Raise("sessionReconnecting");
        _js.Session.Raise("sessionReconnected");

        Assert.Equal(["reconnecting:False", "reconnected:True"], seen);
    }

    [Fact]
    public async Task DisposeAsync_Connected_DisposesHandleModuleAndCallbacks()
    {
        _js.Answer("connect");
        var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();
        var callbacks = _js.Session.Callbacks!;

        await sut.DisposeAsync().AsTask().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(["connect", "dispose"], _js.Session.Methods);
        Assert.Equal(1, _js.Session.DisposeCount);
        Assert.All(_js.Modules, m => Assert.Equal(1, m.DisposeCount));
        Assert.Throws<ObjectDisposedException>(() => callbacks.Value);
        Assert.Throws<ObjectDisposedException>(() => { _ = sut.ConnectAsync(Token); });
    }

    [Fact]
    public async Task DisposeAsync_ConnectPending_FailsTheWaitingCall()
    {
        var sut = CreateSut();
        var connect = sut.ConnectAsync(Token);
        await Eventually.UntilAsync(() => _js.Objects.Count == 2 && _js.Session.Calls.Count == 1);

        await sut.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => connect.OrTimeout());
    }

    [Fact]
    public async Task DisposeAsync_ModuleImportNeverAnswers_EndsACallWaitingWithoutAToken()
    {
        _js.Hanging.Add("import");
        var sut = CreateSut();
        var connect = sut.ConnectAsync(Token);
        await Eventually.UntilAsync(() => _js.Imports.Count == 1);

        await sut.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => connect.OrTimeout());
    }

    [Fact]
    public async Task DisposeAsync_CircuitGone_CompletesWithoutThrowing()
    {
        _js.Answer("connect");
        var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.Failure = new JSDisconnectedException("gone");

        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(1, _js.Session.DisposeCount);
    }

    [Fact]
    public async Task DisposeAsync_BrowserNeverAnswers_GivesUpAfterReleaseTimeout()
    {
        _js.Answer("connect");
        var sut = CreateSut();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.Hanging.Add("dispose");
        _js.HangOnDispose = true;

        var dispose = sut.DisposeAsync().AsTask();
        await Eventually.UntilAsync(() =>
        {
            // Each release step waits for its own bound; virtual time moves on until all gave up.
            _time.Advance(TimeSpan.FromSeconds(1));
            return dispose.IsCompleted;
        });

        await dispose.OrTimeout();
        Assert.Equal(1, _js.Session.DisposeCount);
    }

    /// <summary>Starts a connect, waits until it reached the browser, cancels it, and checks it ended canceled.</summary>
    private async Task CancelPendingConnectAsync(WebSession sut)
    {
        using var cancel = new CancellationTokenSource();
        var connect = sut.ConnectAsync(Token, cancel.Token);
        await Eventually.UntilAsync(() => _js.Objects.Count == 2 && _js.Session.Calls.Count == 1);
        Assert.False(connect.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.OrTimeout());
    }

    private WebSession CreateSut() => new(_js, "api-key", "session-id", new WebAdapterOptions { TimeProvider = _time });
}
