using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Polly;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A try that ended is done with its token: a stop that comes after it never cancels what its seams were given.</summary>
public class TryEndTests
{
    [Fact]
    public async Task UnpublishAsync_AfterTheTrySucceededInsideTheAppsPipeline_DoesNotCancelTheTokenItsSeamsGot()
    {
        var harness = new SeamHarness();
        var seen = CancellationToken.None;
        harness.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .Returns((IPublisher _, CancellationToken ct) =>
            {
                seen = ct;
                return Task.CompletedTask;
            });
        PublishOrchestrator? sut = null;
        Task? unpublish = null;
        harness.Options.ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => new ThenStrategy(() => unpublish = sut!.UnpublishAsync()), new ThenOptions()).Build();
        await using (sut = harness.CreateSut())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
            await unpublish!.OrTimeout();

            Assert.True(seen.CanBeCanceled);
            Assert.False(seen.IsCancellationRequested);
        }
    }

    private sealed class ThenOptions : ResilienceStrategyOptions;

    /// <summary>Runs the callback, then the app's action, before it hands back the outcome.</summary>
    private sealed class ThenStrategy(Action then) : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(false);
            then();
            return outcome;
        }
    }
}
