using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class FakeCallScriptTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Play_QueuedOutcomesFirstThenDefault_CountsEveryCall()
    {
        var publisher = new FakePublisher(new PublisherSettings(), _time);
        publisher.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.DeviceUnavailable)).Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));

        await Assert.ThrowsAsync<DeviceUnavailableException>(() => publisher.InitializeAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => publisher.InitializeAsync());
        await publisher.InitializeAsync();
        await publisher.InitializeAsync();

        Assert.Equal(4, publisher.Initialize.Calls);
        Assert.True(publisher.IsInitialized);
    }

    [Fact]
    public async Task Play_Delay_CompletesExactlyWhenVirtualTimeReachesIt()
    {
        var session = new FakeSession(_time);
        session.Connect.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300));

        var connect = session.ConnectAsync("token");
        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(connect.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await connect.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(session.IsConnected);
    }

    [Fact]
    public async Task Play_FailureAfterDelay_FailsOnlyOnceTimeHasPassed()
    {
        var session = new FakeSession(_time);
        session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromSeconds(2));

        var connect = session.ConnectAsync("token");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(connect.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<NotConnectedException>(() => connect.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task Play_Hang_EndsOnlyWhenCanceled()
    {
        var session = new FakeSession(_time) { IsConnected = true };
        session.Publish.Default = FakeOutcome.Hang();
        using var cts = new CancellationTokenSource();

        var publish = session.PublishAsync(new FakePublisher(), cts.Token);
        _time.Advance(TimeSpan.FromDays(365));
        Assert.False(publish.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(session.Published);
    }

    [Fact]
    public async Task Play_AlreadyCanceled_ThrowsWithoutPlaying()
    {
        var session = new FakeSession(_time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ConnectAsync("token", new CancellationToken(true)));

        Assert.False(session.IsConnected);
        Assert.Equal(1, session.Connect.Calls);
    }

    [Fact]
    public async Task Play_FailWithKind_BuildsFreshExceptionPerCall()
    {
        var publisher = new FakePublisher(new PublisherSettings(), _time);
        publisher.Initialize.Default = FakeOutcome.Fail(PublishErrorKind.AccessDenied);

        var first = await Assert.ThrowsAsync<AccessDeniedException>(() => publisher.InitializeAsync());
        var second = await Assert.ThrowsAsync<AccessDeniedException>(() => publisher.InitializeAsync());

        Assert.NotSame(first, second);
        Assert.Equal(1500, second.SdkErrorCode);
    }

    [Fact]
    public async Task Play_FailWithSdkCode_MapsInTheCallsPhase()
    {
        var session = new FakeSession(_time);
        session.Connect.Default = FakeOutcome.FailWithSdkError(SdkErrorCodes.AuthorizationFailure, null);

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => session.ConnectAsync("token"));

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.Equal(1004, exception.SdkErrorCode);
    }

    [Fact]
    public async Task Play_FailWithException_ThrowsThatInstance()
    {
        var failure = new InvalidOperationException("adapter bug");
        var session = new FakeSession(_time);
        session.Connect.Default = FakeOutcome.Fail(failure);

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => session.ConnectAsync("token")));
    }

    [Fact]
    public void DefaultAndEnqueue_RejectNull()
    {
        var script = new FakeCallScript();

        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => script.Default = null!).ParamName);
        Assert.Equal("outcome", Assert.Throws<ArgumentNullException>(() => script.Enqueue(null!)).ParamName);
    }
}
