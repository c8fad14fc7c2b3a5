using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Tests.TestSupport;
using Vonage.PublishKit.Web.Internal;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests;

/// <summary>The guide's cases through the real <see cref="PublishOrchestrator"/> on the web adapter over the fake browser.</summary>
public sealed class SeedScenarioTests
{
    private readonly FakeJsRuntime _js = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task HappyPath_PublishThenUnpublish_ReleasesThePublisherInTheBrowser()
    {
        _js.AnswerEverything();
        await using var session = CreateSession();
        await using var sut = CreateSut(session);

        var stream = await sut.PublishAsync("token").OrTimeout();
        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal("stream-1", stream.StreamId);
        Assert.Equal(["devices", "init", "dispose"], _js.Publisher.Methods);
        Assert.Equal(["connect", "publish", "unpublish"], _js.Session.Methods);
        Assert.Equal(1, _js.Publisher.DisposeCount);
    }

    [Fact]
    public async Task ConnectNeverAnswered_ConnectTimeoutFires_ThrowsNotConnectedAndReleasesTheCamera()
    {
        _js.AnswerEverything().Silence("connect");
        await using var session = CreateSession();
        await using var sut = CreateSut(session);

        var publish = sut.PublishAsync("token");
        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return publish.IsCompleted;
        });

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.Equal("Publishing your video failed. You are not connected to the internet.", exception.UserMessage);
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
        Assert.Equal("dispose", _js.Publisher.Methods.Last());
        Assert.Contains("disconnect", _js.Session.Methods);
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task AccessDeniedWhileOffline_DeviceErrorWins()
    {
        _js.AnswerEverything()
            .Answer("init", new JsError { Name = "OT_USER_MEDIA_ACCESS_DENIED", Code = 1500 })
            .Answer("connect", new JsError { Name = "OT_CONNECT_FAILED", Code = 1006 });
        await using var session = CreateSession();
        await using var sut = CreateSut(session);

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync("token").OrTimeout());

        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.Contains("connect", _js.Session.Methods);
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
    }

    [Fact]
    public async Task AuthenticationError_IsNotRetried()
    {
        _js.AnswerEverything().Answer("connect", new JsError { Name = "OT_AUTHENTICATION_ERROR", Code = 1004 });
        await using var session = CreateSession();
        await using var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js), new PublishOrchestratorOptions { TimeProvider = _time });

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sut.PublishAsync("token").OrTimeout());

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Single(_js.Session.Calls, c => c.Method == "connect");
    }

    [Fact]
    public async Task NetworkLostAfterPublish_RaisesNetworkDisconnectedAndReleasesThePublisher()
    {
        _js.AnswerEverything();
        await using var session = CreateSession();
        await using var sut = CreateSut(session);
        await sut.PublishAsync("token").OrTimeout();
        var lost = new TaskCompletionSource<NetworkDisconnectedEventArgs>();
        sut.NetworkDisconnected += (_, e) => lost.TrySetResult(e);

        _js.Publisher.Raise("streamDestroyed", "networkDisconnected");

        var args = await lost.Task.OrTimeout();
        Assert.Equal("Your publisher lost its connection. Please check your internet connection and try publishing again.", args.UserMessage);
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
    }

    private WebSession CreateSession() => new(_js, "k", "s", new WebAdapterOptions { TimeProvider = _time });

    private PublishOrchestrator CreateSut(WebSession session) =>
        new(session, new WebPublisherFactory(_js, new WebAdapterOptions { TimeProvider = _time }), new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
}
