using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// The try an abandoned app pipeline runs after its publish ended (once, twice, from many threads, while a new
/// publish runs, after disposal): it ends canceled, makes no publisher and leaves the orchestrator alone.
/// </summary>
public class LateTryTests : HostileSeamsTestBase
{
    [Fact]
    public async Task LateTry_WhileANewPublishIsInFlight_EndsCanceledAndTouchesNeitherTheCameraNorTheNewPublish()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromSeconds(1)));
        var second = sut.PublishAsync(SeamHarness.Token);
        Assert.False(second.IsCompleted);
        var stateBefore = sut.State;
        Assert.Single(_factory.Created);

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.False(late.HasResult);
        Assert.Single(_factory.Created);
        Assert.Equal(stateBefore, sut.State);
        Assert.False(second.IsCompleted);

        await _time.DriveAsync(second, TimeSpan.FromMilliseconds(100));
        var stream = await second.OrTimeout();
        Assert.Same(_factory.Created[0], stream.Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.True(Invariants.IsSettled(sut, _factory));
        Assert.Single(_session.Published);
    }

    [Fact]
    public async Task LateTry_WhileANewPublishIsInItsSetup_CreatesNoSecondCamera()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        // The new publish holds the camera (initializing) while the late try runs.
        _factory.Initialize.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromSeconds(2)));
        var second = sut.PublishAsync(SeamHarness.Token);
        Assert.Single(_factory.Created);

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Single(_factory.Created);
        Assert.False(_factory.Created[0].IsDisposed);

        await _time.DriveAsync(second, TimeSpan.FromMilliseconds(100));
        await second.OrTimeout();
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task LateTry_WhileANewPublishIsPublished_EndsCanceledAndLeavesTheStreamAlone()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        var transitions = new List<PublishState>();
        sut.StateChanged += (_, e) => transitions.Add(e.State);

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Single(_factory.Created);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.Same(stream, sut.CurrentStream);
        Assert.False(stream.Publisher is FakePublisher { IsDisposed: true });
        Assert.Empty(transitions);
        Assert.Empty(_session.Unpublished);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Exception is ObjectDisposedException);
    }

    [Fact]
    public async Task LateTry_RunTwice_EndsCanceledBothTimesWithoutAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        var first = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();
        var again = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(first.Exception);
        Assert.IsAssignableFrom<OperationCanceledException>(again.Exception);
        Assert.Empty(_factory.Created);
        Assert.Equal(PublishState.Idle, sut.State);

        // The orchestrator is still usable.
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task LateTry_AfterDisposeAsync_EndsCanceledWithoutAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);
        await sut.DisposeAsync().AsTask().OrTimeout();

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Empty(_factory.Created);
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task LateTry_AbandonedByDisposeAsync_ThenRunAfterIt_EndsCanceledWithoutAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        var sut = CreateSut(strategy);
        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted);
        await sut.DisposeAsync().AsTask().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();
        strategy.Release.TrySetResult();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Empty(_factory.Created);
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task LateTry_RunConcurrentlyFromManyThreads_NoneCreatesAPublisherOrThrowsObjectDisposed()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        // Meanwhile a new publish runs, so a late try that slipped through would race it for the camera.
        _session.Publish.Enqueue(FakeOutcome.Succeed().After(TimeSpan.FromSeconds(1)));
        var second = sut.PublishAsync(SeamHarness.Token);

        using var start = new ManualResetEventSlim();
        var lates = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait(Bounded.Limit);
            return await strategy.RunLateAsync(0);
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(lates).OrTimeout();

        // Each ends canceled; a try refused because another ran at that instant (one camera, one try) is a typed failure.
        Assert.All(outcomes, o => Assert.True(o.Exception is OperationCanceledException or PublishException, o.Exception?.ToString() ?? "a late try produced a stream"));
        Assert.All(outcomes, o => Assert.False(o.HasResult));
        Assert.Single(_factory.Created);

        await _time.DriveAsync(second, TimeSpan.FromMilliseconds(100));
        await second.OrTimeout();
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task LateTry_RunConcurrentlyFromManyThreads_NoneProducesAStreamOrAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);

        using var start = new ManualResetEventSlim();
        var lates = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait(Bounded.Limit);
            return await strategy.RunLateAsync(0);
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(lates).OrTimeout();

        // Each ends canceled; a try refused because another ran at that instant (one camera, one try) is a typed failure.
        Assert.All(outcomes, o => Assert.True(o.Exception is OperationCanceledException or PublishException, o.Exception?.ToString() ?? "a late try produced a stream"));
        Assert.Empty(_factory.Created);
    }

    [Fact]
    public async Task LateTry_OfTheSecondOfTwoAbandonedPublishes_NeitherCreatesAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 2 };
        await using var sut = CreateSut(strategy);
        await AbandonFirstPublishAsync(sut);
        var second = sut.PublishAsync(SeamHarness.Token);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.OrTimeout());

        var third = sut.PublishAsync(SeamHarness.Token);
        var lateSecond = await Task.Run(() => strategy.RunLateAsync(1)).OrTimeout();
        var lateFirst = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();
        await third.OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(lateFirst.Exception);
        Assert.IsAssignableFrom<OperationCanceledException>(lateSecond.Exception);
        Assert.Single(_factory.Created);
        Assert.True(Invariants.IsSettled(sut, _factory));
    }

    [Fact]
    public async Task LateTry_CallerCanceledThePublish_LateTryEndsCanceledWithoutAPublisher()
    {
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        await using var sut = CreateSut(strategy);
        using var caller = new CancellationTokenSource();
        var publish = sut.PublishAsync(SeamHarness.Token, caller.Token);
        caller.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Empty(_factory.Created);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task LateTry_ConcurrentWithAPublishInFlight_RepeatedManyTimes_NeverASecondCamera()
    {
        for (var round = 0; round < 100; round++)
        {
            var time = new FakeTimeProvider();
            var session = new FakeSession(time);
            var factory = new HostileFactory(time);
            var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
            var options = new PublishOrchestratorOptions
            {
                TimeProvider = time,
                Retry = null,
                ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => strategy, new PlainStrategyOptions()).Build(),
            };
            var sut = new PublishOrchestrator(session, factory, options);
            var abandoned = sut.PublishAsync(SeamHarness.Token);
            await sut.UnpublishAsync().OrTimeout();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.OrTimeout());

            using var start = new ManualResetEventSlim();
            var lates = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                start.Wait(Bounded.Limit);
                return await strategy.RunLateAsync(0);
            })).ToArray();
            var publish = Task.Run(() =>
            {
                start.Wait(Bounded.Limit);
                return sut.PublishAsync(SeamHarness.Token);
            });
            start.Set();
            var outcomes = await Task.WhenAll(lates).OrTimeout();
            await publish.OrTimeout();

            Assert.All(outcomes, o => Assert.False(o.HasResult));
            Assert.All(outcomes, o => Assert.True(o.Exception is OperationCanceledException or PublishException, o.Exception?.ToString()));
            Assert.Single(factory.Created);
            Assert.Equal(1, factory.Camera.MostAtOnce);
            Assert.True(Invariants.IsSettled(sut, factory));
            await sut.DisposeAsync().AsTask().OrTimeout();
            Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
        }
    }

    [Fact]
    public async Task LateTry_WhileDisposeAsyncWaitsForASlowRelease_EndsCanceledWithoutAPublisher()
    {
        var factory = new HostileFactory(_time) { Configure = p => p.Disposal = DisposeBehavior.Slowly };
        var strategy = new CapturingDeafStrategy { DeafCalls = 1 };
        var sut = new PublishOrchestrator(_session, factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = null,
            ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => strategy, new PlainStrategyOptions()).Build(),
        });
        var abandoned = sut.PublishAsync(SeamHarness.Token);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.OrTimeout());
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var disposal = sut.DisposeAsync().AsTask();
        Assert.False(disposal.IsCompleted);
        var late = await Task.Run(() => strategy.RunLateAsync(0)).OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(late.Exception);
        Assert.Single(factory.Created);
        await _time.DriveAsync(disposal, TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, factory.Created[0].DisposeCount);
        Assert.Equal(1, factory.Camera.MostAtOnce);
    }
}
