using System;
using System.Linq;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// <see cref="PublishedStream.TotalDuration"/> spans the whole call (retries, delays, clock jumps) while the phases,
/// and their timeouts, are the try's own, even when an app's pipeline waits before the first try.
/// </summary>
public class WholeCallDurationTests : HostileSeamsTestBase
{
    [Fact]
    public async Task TotalDuration_BuiltInRetryWithTwoDelays_IsEveryTryAndDelayAndThePhasesAreTheLastTrys()
    {
        // 0.2 s fail, 1 s delay, 0.2 s fail, 2 s delay, then 0.3 s connect and 0.1 s publish: 3.8 s.
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(200)))
            .Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(200)))
            .Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(100)));
        await using var sut = CreateSut(o => o.Retry = new PublishRetryOptions { UseJitter = false });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(3800), stream.TotalDuration);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)), (stream.InitializeDuration, stream.ConnectDuration, stream.PublishDuration));
        Assert.Equal(3, _session.Connect.Calls);
    }

    [Fact]
    public async Task TotalDuration_AppPipelineWithItsOwnDelay_IsTheWholeCall()
    {
        // 0.4 s fail in publish, 0.5 s app delay, then 0.25 s initialize; the session stays connected from the first try.
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed).After(TimeSpan.FromMilliseconds(400)));
        _factory.Initialize.Enqueue(FakeOutcome.Succeed()).Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(250)));
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is PublishException { IsTransient: true }),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        await using var sut = CreateSut(o => o.ResiliencePipeline = pipeline);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(50));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(1150), stream.TotalDuration);
        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.Zero, TimeSpan.Zero), (stream.InitializeDuration, stream.ConnectDuration, stream.PublishDuration));
        Assert.Equal(2, _factory.Created.Count);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
    }

    [Fact]
    public async Task TotalDuration_ClockJumpsForwardBetweenTries_IncludesTheJumpAndThePhasesDoNot()
    {
        var clock = new ScriptedClock(_time);
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(200)))
            .Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        await using var sut = CreateSut(o =>
        {
            o.TimeProvider = clock;
            o.Retry = new PublishRetryOptions { UseJitter = false };
        });
        sut.Retrying += (_, _) => clock.Offset += TimeSpan.FromHours(1);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1500), stream.TotalDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.ConnectDuration);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task TotalDuration_ClockJumpsBackwardBetweenTries_PublishStillSucceedsAndTotalIsWhatTheClockSays()
    {
        var clock = new ScriptedClock(_time);
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(200)))
            .Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        await using var sut = CreateSut(o =>
        {
            o.TimeProvider = clock;
            o.Retry = new PublishRetryOptions { UseJitter = false };
        });
        sut.Retrying += (_, _) => clock.Offset -= TimeSpan.FromHours(1);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(1500) - TimeSpan.FromHours(1), stream.TotalDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.ConnectDuration);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.True(Invariants.IsSettled(sut, _factory));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "Published");

        await sut.UnpublishAsync().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task TotalDuration_ClockJumpsBackwardInsideTheLastTrysPhases_PhasesMayBeNegativeButPublishSucceeds()
    {
        var clock = new ScriptedClock(_time);
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(200)))
            .Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        await using var sut = CreateSut(o =>
        {
            o.TimeProvider = clock;
            o.Retry = new PublishRetryOptions { UseJitter = false };
        });

        var publish = sut.PublishAsync(SeamHarness.Token);
        // Into the second try's connect (it started at 1.2 s), then the clock goes back a day, twice.
        _time.Advance(TimeSpan.FromMilliseconds(1300));
        await Task.Yield();
        clock.Offset = -TimeSpan.FromDays(1);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        await Task.Yield();
        clock.Offset = -TimeSpan.FromDays(2);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.True(stream.TotalDuration < TimeSpan.Zero);
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task TotalDuration_ClockJumpsFarForward_PublishSucceedsAndReportsTheJump()
    {
        var clock = new ScriptedClock(_time);
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = CreateSut(o =>
        {
            o.TimeProvider = clock;
            o.Retry = new PublishRetryOptions { UseJitter = false };
        });
        sut.Retrying += (_, _) => clock.Offset = TimeSpan.FromDays(365 * 200);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromDays(365 * 200) + TimeSpan.FromSeconds(1), stream.TotalDuration);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task TotalDuration_ClockThrowsWhileATryWaits_FailsTypedThenTheNextCallIsTimedAfresh()
    {
        // As documented (AdversarialAdapterTests): a clock that cannot time a waiting phase fails the try as an
        // adapter failure would (Unknown, not transient, so not retried); the next call, on a mended clock, is timed on its own.
        var clock = new HostileClock(_time) { ThrowOnTimestamp = true };
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(100)));
        await using var sut = CreateSut(o =>
        {
            o.TimeProvider = clock;
            o.Retry = new PublishRetryOptions { UseJitter = false };
        });

        var failed = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(failed, TimeSpan.FromMilliseconds(100));
        var exception = await Assert.ThrowsAsync<PublishException>(() => failed.OrTimeout());
        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (exception.Kind, exception.Phase));
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal([1], _factory.Created.Select(p => p.DisposeCount));

        clock.ThrowOnTimestamp = false;
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.TotalDuration);
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task TotalDuration_SecondPublishCall_CountsOnlyItsOwnCallNotTheFirsts()
    {
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromSeconds(2)));
        await using var sut = CreateSut(o => o.Retry = new PublishRetryOptions { UseJitter = false });
        var first = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(first, TimeSpan.FromMilliseconds(100));
        await sut.UnpublishAsync().OrTimeout();
        _time.Advance(TimeSpan.FromMinutes(5));

        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(700)));
        var second = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(second, TimeSpan.FromMilliseconds(100));
        var stream = await second.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(700), stream.TotalDuration);
        Assert.Equal(TimeSpan.Zero, stream.ConnectDuration);
    }

    [Fact]
    public async Task TotalDuration_AppPipelineWaitsBeforeTheFirstTry_ThePhasesAreTheTrysOwnAndTheTotalIncludesTheWait()
    {
        // The app's pipeline waits 2 s (a rate limiter, a warm-up delay) before it runs the first and only try.
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(100)));
        var pipeline = WaitsBeforeTheFirstTry(TimeSpan.FromSeconds(2));
        await using var sut = CreateSut(o => o.ResiliencePipeline = pipeline);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(2400), stream.TotalDuration);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)), (stream.InitializeDuration, stream.ConnectDuration, stream.PublishDuration));
    }

    [Fact]
    public async Task ConnectTimeout_AppPipelineWaitsLongerThanItBeforeTheFirstTry_TheConnectIsStillGivenItsTimeout()
    {
        // ConnectTimeout is how long connecting may take: 1 s. The pipeline waits 5 s before the try; the connect then takes 0.3 s.
        _session.Connect.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        var pipeline = WaitsBeforeTheFirstTry(TimeSpan.FromSeconds(5));
        await using var sut = CreateSut(o =>
        {
            o.ResiliencePipeline = pipeline;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.ConnectDuration);
        Assert.Equal(1, _session.Connect.Calls);
    }

    [Fact]
    public async Task InitializeTimeout_AppPipelineWaitsLongerThanItBeforeTheFirstTry_TheInitializeIsStillGivenItsTimeout()
    {
        _session.IsConnected = true;
        _factory.Initialize.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300)));
        var pipeline = WaitsBeforeTheFirstTry(TimeSpan.FromSeconds(5));
        await using var sut = CreateSut(o =>
        {
            o.ResiliencePipeline = pipeline;
            o.InitializeTimeout = TimeSpan.FromSeconds(1);
        });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish.OrTimeout();

        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.InitializeDuration);
    }

    /// <summary>
    /// An app's pipeline that waits (a rate limiter, a warm-up) before it runs the first try: the wait is the call's,
    /// not the try's, so it counts in <see cref="PublishedStream.TotalDuration"/> but not in the phases or their timeouts.
    /// </summary>
    private ResiliencePipeline WaitsBeforeTheFirstTry(TimeSpan wait) =>
        new ResiliencePipelineBuilder().AddStrategy(_ => new DelayFirstStrategy(_time, wait), new PlainStrategyOptions()).Build();
}
