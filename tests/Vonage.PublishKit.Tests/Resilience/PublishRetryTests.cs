using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Resilience;

public class PublishRetryTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly List<PublishRetryingEventArgs> _retries = [];

    public PublishRetryTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task PublishAsync_OfflineThenOnline_RetriesOnExactScheduleWithFreshPublishers()
    {
        InlineContinuations.Enable();
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected)).Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.Equal(1, _session.Connect.Calls);
        _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(1, _session.Connect.Calls);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2, _session.Connect.Calls);
        _time.Advance(TimeSpan.FromSeconds(2));
        var stream = await publish.OrTimeout();

        Assert.Equal(3, _session.Connect.Calls);
        Assert.Equal([(1, TimeSpan.FromSeconds(1)), (2, TimeSpan.FromSeconds(2))], _retries.Select(r => (r.AttemptNumber, r.RetryDelay)));
        Assert.All(_retries, r => Assert.IsType<NotConnectedException>(r.Exception));
        Assert.Equal([1, 1, 0], _factory.Created.Select(p => p.DisposeCount));
        Assert.Same(_factory.Created[2], stream.Publisher);
    }

    [Fact]
    public async Task PublishAsync_AfterARetry_TotalDurationIsTheWholeCallAndThePhasesAreTheLastTrys()
    {
        // Connect fails after 0.5 s, the retry waits 1 s, then connect succeeds after 0.3 s: 1.8 s in all.
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(500)))
            .Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(1800), stream.TotalDuration);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMilliseconds(300), TimeSpan.Zero), (stream.InitializeDuration, stream.ConnectDuration, stream.PublishDuration));
    }

    [Fact]
    public async Task PublishAsync_ClockTimestampsThrow_RetryStillWaitsOnTheAppsTimersAndPublishes()
    {
        // The built-in retry takes the app's timers for its delays but never its timestamps (Polly would only
        // time the tries for telemetry nobody reads): a clock whose reads throw costs durations, not the publish.
        InlineContinuations.Enable();
        var clock = new HostileClock(_time) { ThrowOnTimestamp = true };
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = CreateSut(o => o.TimeProvider = clock);

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(1, _session.Connect.Calls);
        _time.Advance(TimeSpan.FromTicks(1));
        var stream = await publish.OrTimeout();

        Assert.Equal(2, _session.Connect.Calls);
        Assert.Equal([(1, TimeSpan.FromSeconds(1))], _retries.Select(r => (r.AttemptNumber, r.RetryDelay)));
        Assert.Equal(TimeSpan.Zero, stream.TotalDuration);
        Assert.Same(_factory.Created[1], stream.Publisher);
    }

    [Fact]
    public async Task PublishAsync_ExponentialDelays_AreCappedAtMaxDelay()
    {
        InlineContinuations.Enable();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = CreateSut(o => o.Retry = new PublishRetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), UseJitter = false });

        var publish = sut.PublishAsync(SeamHarness.Token);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal([1, 2, 4, 5, 5], _retries.Select(r => (int)r.RetryDelay.TotalSeconds));
        Assert.Equal(6, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task PublishAsync_AlwaysTransient_StopsAfterMaxRetryAttemptsWithLastError()
    {
        InlineContinuations.Enable();
        _session.Publish.Default = FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed);
        await using var sut = CreateSut(o => o.Retry!.MaxRetryAttempts = 2);

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromDays(1));

        await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout());
        Assert.Equal(3, _session.Publish.Calls);
        Assert.Equal(2, _retries.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Theory]
    [InlineData(PublishErrorKind.AccessDenied)]
    [InlineData(PublishErrorKind.DeviceUnavailable)]
    public async Task PublishAsync_DeviceErrors_AreNeverRetried(PublishErrorKind kind)
    {
        _factory.Initialize.Default = FakeOutcome.Fail(kind);
        await using var sut = CreateSut();

        await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Single(_factory.Created);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task PublishAsync_AuthenticationFailed_IsNeverRetried()
    {
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.AuthenticationFailed);
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Equal(1, _session.Connect.Calls);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task PublishAsync_PublishFailsAfterConnect_RetryKeepsTheConnectedSession()
    {
        InlineContinuations.Enable();
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        var stream = await publish.OrTimeout();

        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(2, _session.Publish.Calls);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
    }

    [Fact]
    public async Task PublishAsync_PublishWatchdogFires_IsRetried()
    {
        InlineContinuations.Enable();
        _session.Publish.Enqueue(FakeOutcome.Hang());
        await using var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(PublishOrchestratorOptions.DefaultPublishTimeout);
        _time.Advance(TimeSpan.FromSeconds(1));
        await publish.OrTimeout();

        var retry = Assert.Single(_retries);
        Assert.IsType<TimeoutException>(retry.Exception.InnerException);
    }

    [Fact]
    public async Task PublishAsync_CanceledDuringBackoff_ThrowsCallersCancellationWithoutAnotherAttempt()
    {
        InlineContinuations.Enable();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = CreateSut();
        using var cts = new CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await cts.CancelAsync();
        _time.Advance(TimeSpan.FromMinutes(1));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(cts.Token, exception.CancellationToken);
        Assert.Equal(1, _session.Connect.Calls);
        Assert.Equal(1, _factory.LastCreated!.DisposeCount);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task DisposeAsync_DuringBackoff_EndsThePublishAndReleasesEverything()
    {
        InlineContinuations.Enable();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await sut.DisposeAsync().AsTask().OrTimeout();
        _time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(1, _session.Connect.Calls);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task PublishAsync_RetryNull_MakesOneAttempt()
    {
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = CreateSut(o => o.Retry = null);

        await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(1, _session.Connect.Calls);
    }

    [Fact]
    public async Task PublishAsync_WithJitter_DelaysStayWithinTheCap()
    {
        InlineContinuations.Enable();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        var retry = new PublishRetryOptions { MaxRetryAttempts = 40, BaseDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(4), UseJitter = true };
        await using var sut = CreateSut(o => o.Retry = retry);

        var publish = sut.PublishAsync(SeamHarness.Token);
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(retry.MaxDelay);
        }

        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(40, _retries.Count);
        Assert.All(_retries, r => Assert.InRange(r.RetryDelay, TimeSpan.FromTicks(1), retry.MaxDelay));
        Assert.True(_retries.Select(r => r.RetryDelay).Distinct().Count() > 1, "jitter varies the delays");
    }

    [Fact]
    public async Task PublishAsync_CustomPipeline_ReplacesTheBuiltInRetry()
    {
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        var handled = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is PublishException { IsTransient: true }),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                OnRetry = _ =>
                {
                    handled++;
                    return default;
                },
            })
            .Build();
        await using var sut = CreateSut(o => o.ResiliencePipeline = pipeline);

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(1, handled);
        Assert.Empty(_retries);
        Assert.Equal(2, _session.Connect.Calls);
    }

    [Fact]
    public async Task PublishAsync_RetryingHandlerThrows_RetriesAnyway()
    {
        InlineContinuations.Enable();
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = CreateSut();
        sut.Retrying += (_, _) => throw new InvalidOperationException("handler bug");

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));

        await publish.OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Theory]
    [InlineData(0, 1000, 15000, "Retry.MaxRetryAttempts")]
    [InlineData(3, 0, 15000, "Retry.BaseDelay")]
    [InlineData(3, -1, 15000, "Retry.BaseDelay")]
    [InlineData(3, 2000, 1000, "Retry.MaxDelay")]
    public void Constructor_InvalidRetryOptions_ThrowNamingTheOption(int attempts, int baseMs, int maxMs, string option)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CreateSut(o => o.Retry = new PublishRetryOptions
        {
            MaxRetryAttempts = attempts,
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
        }));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new PublishOrchestratorOptions();

        Assert.NotNull(options.Retry);
        Assert.Equal(3, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Retry.MaxDelay);
        Assert.True(options.Retry.UseJitter);
        Assert.Null(options.ResiliencePipeline);
        Assert.False(options.RepublishAfterNetworkLoss);
        Assert.Null(options.TokenProvider);
    }

    private PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = new PublishRetryOptions { UseJitter = false } };
        configure?.Invoke(options);
        var sut = new PublishOrchestrator(_session, _factory, options);
        sut.Retrying += (_, e) => _retries.Add(e);
        return sut;
    }
}
