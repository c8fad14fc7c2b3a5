using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// A republish's token provider that the orchestrator stops waiting for (its timeout passed, the clock broke,
/// the republish was stopped): the wait is logged, and what the provider does later is observed and logged.
/// </summary>
public class TokenProviderLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly HostileClock _clock;
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly FakeLogger<PublishOrchestrator> _logger = new();
    private readonly TaskCompletionSource<string> _token = new();
    private readonly TaskCompletionSource<RepublishFailedEventArgs> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TokenProviderLogTests()
    {
        InlineContinuations.Enable();
        _clock = new HostileClock(_time);
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task Republish_TokenProviderOutlastsTheConnectTimeout_LogsTheTimeoutThenTheLateFailure()
    {
        await using var sut = await PublishedAsync();

        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        _time.Advance(TimeSpan.FromSeconds(5));
        var gaveUp = await _failed.Task.OrTimeout();

        var exception = Assert.IsType<NotConnectedException>(gaveUp.Exception);
        Assert.Equal("The token provider did not return a token within 5 s.", exception.Message);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        var timedOut = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "TokenProviderTimedOut");
        Assert.Equal("5000", timedOut.GetStructuredStateValue("TimeoutMs"));
        await FailsLateAndIsLoggedAsync();
    }

    [Fact]
    public async Task Republish_ClockFailsWhileTheTokenProviderWaits_LogsTheProvidersLateFailure()
    {
        await using var sut = await PublishedAsync();
        _clock.ThrowOnCreateTimer = true;

        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        var gaveUp = await _failed.Task.OrTimeout();

        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (gaveUp.Exception.Kind, gaveUp.Exception.Phase));
        await FailsLateAndIsLoggedAsync();
    }

    [Fact]
    public async Task Republish_StoppedWhileTheTokenProviderWaits_LogsTheProvidersLateFailure()
    {
        await using var sut = await PublishedAsync();

        _factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);
        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        await FailsLateAndIsLoggedAsync();
    }

    private async Task<PublishOrchestrator> PublishedAsync()
    {
        var sut = new PublishOrchestrator(
            _session,
            _factory,
            new PublishOrchestratorOptions
            {
                TimeProvider = _clock,
                Retry = null,
                RepublishAfterNetworkLoss = true,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                TokenProvider = _ => new ValueTask<string>(_token.Task),
            },
            _logger);
        sut.RepublishFailed += (_, e) => _failed.TrySetResult(e);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        return sut;
    }

    private async Task FailsLateAndIsLoggedAsync()
    {
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AbandonedOperationFailed");

        await Task.Run(() => _token.SetException(new InvalidOperationException("the provider failed late"))).OrTimeout();

        var late = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "AbandonedOperationFailed");
        Assert.Equal("Connect", late.GetStructuredStateValue("Phase"));
        Assert.Equal("the provider failed late", late.Exception?.Message);
    }
}
