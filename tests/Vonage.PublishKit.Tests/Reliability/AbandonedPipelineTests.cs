using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// An app's pipeline that ignores a stop is abandoned: the publish ends canceled at once, what the pipeline does
/// later is observed and logged, and the context it keeps is never handed to another publish.
/// </summary>
public class AbandonedPipelineTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly FakeLogger<PublishOrchestrator> _logger = new();
    private readonly DeafStrategy _strategy = new();

    public AbandonedPipelineTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task UnpublishAsync_PipelineIgnoresTheStop_PublishEndsCanceledAndTheLateFailureIsLogged()
    {
        await using var sut = CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted);

        await sut.UnpublishAsync().OrTimeout();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal("The publish was stopped by UnpublishAsync.", canceled.Message);
        Assert.IsType<TaskCanceledException>(canceled.InnerException);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AbandonedOperationFailed");

        await Task.Run(() => _strategy.Release.SetException(new InvalidOperationException("the pipeline failed late"))).OrTimeout();

        var late = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AbandonedOperationFailed");
        Assert.Equal("Publish", late.GetStructuredStateValue("Phase"));
        Assert.Equal("the pipeline failed late", late.Exception?.Message);
    }

    [Fact]
    public async Task UnpublishAsync_PipelineRunsTheTryAfterTheStop_TheLateTryEndsCanceledWithoutAPublisher()
    {
        await using var sut = CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        // The abandoned pipeline goes on and calls the try of an attempt that was released long ago.
        await Task.Run(() => _strategy.Release.SetResult()).OrTimeout();
        var outcome = await _strategy.LateOutcome.Task.OrTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(outcome);
        Assert.Empty(_factory.Created);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AbandonedOperationFailed");
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task PublishAsync_AfterAnAbandonedPipeline_GetsAContextOfItsOwn()
    {
        await using var sut = CreateSut();
        var abandoned = sut.PublishAsync(SeamHarness.Token);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.OrTimeout());

        _strategy.Deaf = false;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(2, _strategy.Contexts.Length);
        Assert.NotSame(_strategy.Contexts[0], _strategy.Contexts[1]);
    }

    private PublishOrchestrator CreateSut() =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => _strategy, new DeafOptions()).Build() }, _logger);

    private sealed class DeafOptions : ResilienceStrategyOptions;

    /// <summary>A strategy that, while deaf, waits for the test instead of running the callback, whatever the cancellation says.</summary>
    private sealed class DeafStrategy : ResilienceStrategy
    {
        private readonly List<ResilienceContext> _contexts = [];

        public TaskCompletionSource Release { get; } = new();

        /// <summary>What the try called after the release ended with: the outcome's exception, or what it threw.</summary>
        public TaskCompletionSource<Exception?> LateOutcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Deaf { get; set; } = true;

        public ResilienceContext[] Contexts
        {
            get
            {
                lock (_contexts)
                {
                    return _contexts.ToArray();
                }
            }
        }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            lock (_contexts)
            {
                _contexts.Add(context);
            }

            if (!Deaf)
            {
                return await callback(context, state).ConfigureAwait(false);
            }

            await Release.Task.ConfigureAwait(false);
            try
            {
                var outcome = await callback(context, state).ConfigureAwait(false);
                LateOutcome.TrySetResult(outcome.Exception);
                return outcome;
            }
            catch (Exception exception)
            {
                LateOutcome.TrySetResult(exception);
                throw;
            }
        }
    }
}
