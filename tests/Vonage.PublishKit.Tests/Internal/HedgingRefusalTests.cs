using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A pipeline that starts a second try while one runs gets that try refused, and told why.</summary>
public class HedgingRefusalTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task PublishAsync_PipelineStartsASecondTryMeanwhile_RefusesItAsAnUnexpectedInitializeFailure()
    {
        var session = new FakeSession(_time);
        var factory = new FakePublisherFactory(_time);
        factory.Initialize.Default = FakeOutcome.Succeed().After(TimeSpan.FromSeconds(1));
        var strategy = new TwiceAtOnceStrategy();
        await using var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => strategy, new TwiceOptions()).Build(),
        });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));

        var refused = Assert.IsAssignableFrom<PublishException>(strategy.Second);
        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Initialize), (refused.Kind, refused.Phase));
        Assert.Equal(
            "The resilience pipeline started a try while another try of the same publish was running; one camera allows one try at a time.",
            Assert.IsType<InvalidOperationException>(refused.InnerException).Message);
        Assert.Single(factory.Created);
    }

    private sealed class TwiceOptions : ResilienceStrategyOptions;

    /// <summary>Starts the callback, then starts it again before the first ended; hands back the first's outcome.</summary>
    private sealed class TwiceAtOnceStrategy : ResilienceStrategy
    {
        public Exception? Second { get; private set; }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var first = callback(context, state);
            Second = (await callback(context, state).ConfigureAwait(false)).Exception;
            return await first.ConfigureAwait(false);
        }
    }
}
