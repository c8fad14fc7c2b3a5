using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Polly;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// The publisher of a try: a factory's failure is the try's, typed as the factory typed it, and frees the camera;
/// a publisher the try never sees is released before the try fails; a try stopped before it starts creates none.
/// </summary>
public class ProvisionerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task PublishAsync_FactoryThrowsAPublishException_FailsWithThatException()
    {
        var harness = new SeamHarness();
        var denied = PublishErrors.AccessDenied();
        harness.Factory.Setup(f => f.CreatePublisher(It.IsAny<PublisherSettings>())).Throws(denied);
        await using var sut = harness.CreateSut();

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Same(denied, exception);
    }

    [Fact]
    public async Task PublishAsync_AfterTheFactoryThrew_GetsTheCameraAndPublishes()
    {
        var session = new FakeSession(_time);
        var factory = new ThrowingOnceFactory(_time);
        await using var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
        await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Same(factory.LastCreated, stream.Publisher);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task PublishAsync_StreamDestroyedAddThrowsAndDisposalIsSlow_FailsOnlyOnceThePublisherIsReleased()
    {
        var session = new FakeSession(_time);
        var factory = new HostileFactory(_time) { Configure = p => (p.AddThrows, p.Disposal) = (true, DisposeBehavior.Slowly) };
        await using var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });

        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(publish.IsCompleted);
        await _time.DriveAsync(publish.ContinueWith(_ => { }, TaskScheduler.Default), TimeSpan.FromMilliseconds(250));

        var exception = await Assert.ThrowsAsync<PublishException>(() => publish);
        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Initialize), (exception.Kind, exception.Phase));
        Assert.Equal(1, factory.Last.DisposeCount);
    }

    [Fact]
    public async Task PublishAsync_PipelineRunsTheCallbackOnlyAfterItsTimeout_CreatesNoPublisher()
    {
        var session = new FakeSession(_time);
        var factory = new FakePublisherFactory(_time);
        var goOn = new TaskCompletionSource();

        // Polly's timeout cancels the token it hands on; the strategy inside calls the callback only after that.
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(TimeSpan.FromSeconds(1))
            .AddStrategy(_ => new LateStrategy(goOn.Task), new LateOptions())
            .Build();
        await using var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions { TimeProvider = _time, ResiliencePipeline = pipeline });
        var publish = sut.PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(1));

        goOn.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => publish.OrTimeout());

        Assert.Empty(factory.Created);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    private sealed class ThrowingOnceFactory(TimeProvider timeProvider) : FakePublisherFactory(timeProvider)
    {
        private bool _threw;

        public override IPublisher CreatePublisher(PublisherSettings settings)
        {
            if (!_threw)
            {
                _threw = true;
                throw new InvalidOperationException("a factory that fails once");
            }

            return base.CreatePublisher(settings);
        }
    }

    private sealed class LateOptions : ResilienceStrategyOptions;

    /// <summary>A strategy that runs the callback only once the test lets it, whatever the cancellation says.</summary>
    private sealed class LateStrategy(Task goOn) : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            await goOn.ConfigureAwait(false);
            return await callback(context, state).ConfigureAwait(false);
        }
    }
}
