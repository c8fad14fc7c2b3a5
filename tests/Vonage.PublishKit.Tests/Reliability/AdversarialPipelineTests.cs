using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Custom resilience pipelines the earlier pass did not try (one that fails a success afterwards, one that runs the
/// callback twice at once), and a handler that disposes the orchestrator as the publish succeeds.
/// </summary>
public class AdversarialPipelineTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public AdversarialPipelineTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task Adversarial_PipelineThrowsAfterASuccessfulCallback_FailsTypedAndRollsTheStreamBack()
    {
        var sut = CreateSut(new ResiliencePipelineBuilder().AddStrategy(_ => new ThrowAfterSuccessStrategy(), new PlainStrategyOptions()).Build());

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        var publisher = Assert.Single(_factory.Created);
        Assert.Equal(1, publisher.DisposeCount);
        Assert.Single(_session.Unpublished);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, publisher.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_PipelineRunsTheCallbackTwiceAtOnce_PublishCompletesWithOneCamera()
    {
        // Each try takes a second to acquire the camera, so the second try asks for it while the first holds it.
        _factory.Initialize.Default = FakeOutcome.Succeed().After(TimeSpan.FromSeconds(1));
        var sut = CreateSut(new ResiliencePipelineBuilder().AddStrategy(_ => new TwiceAtOnceStrategy(), new PlainStrategyOptions()).Build());

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, Step, 200);
        var waited = await Record.ExceptionAsync(() => publish.OrTimeout());
        var state = sut.State;
        var created = _factory.Created.Count;
        await _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);

        Assert.False(waited is TimeoutException, $"PublishAsync never completed (50 s virtual, 10 s real); state {state}, {created} publisher(s) created");
        await Invariants.OneOutcome(publish);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task Adversarial_StateChangedToPublishedHandlerDisposes_PublishDoesNotHandBackADisposedStream()
    {
        var sut = CreateSut(pipeline: null);
        Task? dispose = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Published)
            {
                dispose ??= sut.DisposeAsync().AsTask();
            }
        };

        PublishedStream? stream = null;
        Exception? outcome = null;
        try
        {
            stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        }
        catch (Exception exception)
        {
            outcome = exception;
        }

        await dispose!.OrTimeout();
        Assert.Equal(1, _factory.Last.DisposeCount);
        Assert.True(
            outcome is OperationCanceledException,
            $"PublishAsync ended with {(stream is not null ? "stream " + stream.StreamId : outcome?.GetType().Name)}; state {sut.State}, its publisher's dispose count {_factory.Last.DisposeCount}, CurrentStream {sut.CurrentStream?.StreamId ?? "null"}. DisposeAsync says a call in flight ends with OperationCanceledException");
    }

    [Fact]
    public async Task Adversarial_PublisherDisposalTimesOutThenFails_ObservedSoNoUnobservedTaskException()
    {
        // The control for the unobserved-exception tests: this path observes its abandoned task, so the detector stays quiet.
        var failLater = new TaskCompletionSource();
        _factory.Configure = p => p.DisposeWith = () => failLater.Task;
        var sut = CreateSut(pipeline: null);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await _time.DriveAsync(sut.UnpublishAsync(), TimeSpan.FromSeconds(1));
        var marker = "observed late failure " + Guid.NewGuid().ToString("N");
        var seen = false;
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => seen |= e.Exception.ToString().Contains(marker, StringComparison.Ordinal);
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            failLater.SetException(new InvalidOperationException(marker));
            failLater = null;
            _factory.Configure = null;
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }

        Assert.False(seen);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    private PublishOrchestrator CreateSut(ResiliencePipeline? pipeline) =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, ResiliencePipeline = pipeline });

    /// <summary>Runs the callback, then reports a failure of its own although the callback succeeded.</summary>
    private sealed class ThrowAfterSuccessStrategy : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(false);
            return outcome.Exception is null ? Outcome.FromException<TResult>(new InvalidOperationException("a strategy that fails successes")) : outcome;
        }
    }

    /// <summary>Runs the callback twice at once and waits for both, as a hand-made hedging strategy might; returns the first success.</summary>
    private sealed class TwiceAtOnceStrategy : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var first = callback(context, state).AsTask();
            var second = callback(context, state).AsTask();
            var outcomes = await Task.WhenAll(first, second).ConfigureAwait(false);
            return outcomes[0].Exception is null ? outcomes[0] : outcomes[1];
        }
    }
}
