using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// The fakes, virtual clock and logger of the hostile tests over late tries, whole-call durations and connected
/// sessions, fresh per test; no retries unless a test turns them on.
/// </summary>
/// <remarks>Public because xUnit's test classes are; members private protected because <see cref="CapturingDeafStrategy"/> is internal.</remarks>
public abstract class HostileSeamsTestBase
{
    private protected readonly FakeTimeProvider _time = new();
    private protected readonly FakeSession _session;
    private protected readonly FakePublisherFactory _factory;
    private protected readonly FakeLogger<PublishOrchestrator> _logger = new();

    private protected HostileSeamsTestBase()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    /// <summary>Starts a publish that the deaf pipeline keeps, and stops it: the pipeline is abandoned, no publisher made.</summary>
    private protected async Task AbandonFirstPublishAsync(PublishOrchestrator sut)
    {
        var publish = sut.PublishAsync(SeamHarness.Token);
        Assert.False(publish.IsCompleted);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Empty(_factory.Created);
    }

    private protected PublishOrchestrator CreateSut(CapturingDeafStrategy strategy) =>
        CreateSut(o => o.ResiliencePipeline = new ResiliencePipelineBuilder().AddStrategy(_ => strategy, new PlainStrategyOptions()).Build());

    private protected PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
        configure?.Invoke(options);
        return new PublishOrchestrator(_session, _factory, options, _logger);
    }
}
