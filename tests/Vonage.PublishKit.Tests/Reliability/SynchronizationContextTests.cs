using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// The Windows SDK raises its events on the UI thread, and apps call the orchestrator from it. The library
/// must never resume on the caller's <see cref="SynchronizationContext"/>: that would queue its work behind
/// the UI, and deadlock an app that blocks on a task. Every await is driven here while a counting context is
/// current, with seams that complete later, so each continuation would be posted if it captured the context.
/// </summary>
public class SynchronizationContextTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void EveryPath_NeverResumesOnTheCallersContext()
    {
        var context = new CountingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            RunEveryPath();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public void Releases_ThatOutlastTheCall_NeverResumeOnTheCallersContext()
    {
        // The session confirms at once and only the publishers' disposal takes time, so the first await that does
        // not complete at once is a release's, reached on the caller's thread. Time advances off that context: a
        // continuation that captured it would be posted to it.
        var context = new CountingContext();
        var session = new FakeSession(_time);
        var factory = new SlowDisposeFactory(_time);
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };

        // An unpublish, then disposal of a published stream.
        var sut = new PublishOrchestrator(session, factory, options);
        Drive(sut.PublishAsync(SeamHarness.Token));
        Drive(OnCallersContext(context, () => sut.UnpublishAsync()));
        Drive(sut.PublishAsync(SeamHarness.Token));
        Drive(OnCallersContext(context, () => sut.DisposeAsync().AsTask()));

        // Disposal while a publish is in flight: it waits for that attempt's release.
        var inFlight = new PublishOrchestrator(session, factory, options);
        factory.Initialize.Enqueue(FakeOutcome.Succeed().After(Latency));
        var publish = inFlight.PublishAsync(SeamHarness.Token);
        Drive(OnCallersContext(context, () => inFlight.DisposeAsync().AsTask()));
        DriveUntil(() => publish.IsCompleted);

        // An unpublish joined by the disposal its Unpublishing handler starts: it waits for that release.
        var joined = new PublishOrchestrator(session, factory, options);
        Drive(joined.PublishAsync(SeamHarness.Token));
        Task? dispose = null;
        joined.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Unpublishing)
            {
                dispose ??= joined.DisposeAsync().AsTask();
            }
        };
        Drive(OnCallersContext(context, () => joined.UnpublishAsync()));
        Drive(dispose!);

        Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(0, context.Posts);
    }

    private static Task OnCallersContext(SynchronizationContext context, Func<Task> call)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            return call();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RunEveryPath()
    {
        var session = new FakeSession(_time);
        var factory = new SlowDisposeFactory(_time);
        factory.Initialize.Default = FakeOutcome.Succeed().After(Latency);
        session.Connect.Default = FakeOutcome.Succeed().After(Latency);
        session.Publish.Default = FakeOutcome.Succeed().After(Latency);
        session.Unpublish.Default = FakeOutcome.Succeed().After(Latency);
        var options = new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { BaseDelay = Latency, UseJitter = false },
            RepublishAfterNetworkLoss = true,
            TokenProvider = async ct =>
            {
                await Task.Delay(Latency, _time, ct).ConfigureAwait(false);
                return SeamHarness.Token;
            },
        };
        var sut = new PublishOrchestrator(session, factory, options);

        // A retried publish: the first connect fails.
        session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(Latency));
        Drive(sut.PublishAsync(SeamHarness.Token));

        // A network loss, republished with a fresh token.
        factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        DriveUntil(() => sut.State == PublishState.Published);

        // A session drop while republishing, replaced by a caller's publish.
        session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);
        Drive(sut.PublishAsync(SeamHarness.Token));

        // A device failure that arrives while the session connects.
        Drive(sut.UnpublishAsync());
        factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied).After(Latency));
        session.Connect.Enqueue(FakeOutcome.Succeed().After(Latency + Latency));
        var denied = sut.PublishAsync(SeamHarness.Token);
        DriveUntil(() => denied.IsCompleted);
        Assert.IsType<AccessDeniedException>(denied.Exception!.InnerException);

        // A publish stopped by the caller, then disposal of a published stream, twice at once.
        using (var cts = new CancellationTokenSource())
        {
            var canceled = sut.PublishAsync(SeamHarness.Token, cts.Token);
            _time.Advance(Step);
            cts.Cancel();
            DriveUntil(() => canceled.IsCompleted);
            Assert.True(canceled.IsCanceled);
        }

        Drive(sut.PublishAsync(SeamHarness.Token));
        var first = sut.DisposeAsync().AsTask();
        var second = sut.DisposeAsync().AsTask();
        Drive(Task.WhenAll(first, second));
        Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    private void Drive(Task task)
    {
        DriveUntil(() => task.IsCompleted);
        Assert.True(task.IsCompletedSuccessfully, task.Exception?.ToString());
    }

    /// <summary>
    /// Advances virtual time until the condition holds. Some continuations hop to the thread pool (releases
    /// complete asynchronously), so each step also spins briefly, and the whole drive is bounded in real time.
    /// </summary>
    private void DriveUntil(Func<bool> condition)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition() && elapsed.Elapsed < Bounded.Limit)
        {
            _time.Advance(Step);
            SpinWait.SpinUntil(condition, TimeSpan.FromMilliseconds(1));
        }

        Assert.True(condition());
    }

    /// <summary>Counts what is posted to it and runs it on the thread pool, so a capture shows up without a deadlock.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            d(state);
        }
    }

    /// <summary>Publishers whose disposal takes a moment, as the SDK's does when it releases the camera.</summary>
    private sealed class SlowDisposeFactory(TimeProvider time) : FakePublisherFactory(time)
    {
        protected override FakePublisher CreateFakePublisher(PublisherSettings settings) => new SlowDisposePublisher(settings, TimeProvider);
    }

    private sealed class SlowDisposePublisher(PublisherSettings settings, TimeProvider time) : FakePublisher(settings, time)
    {
        public override async ValueTask DisposeAsync()
        {
            await Task.Delay(Latency, TimeProvider).ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
