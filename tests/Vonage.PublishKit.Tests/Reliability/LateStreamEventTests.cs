using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// A publisher's <c>StreamDestroyed</c> that arrives after the orchestrator let go of it (the SDK was already
/// raising it as the handler was detached) speaks for that publisher only: it never ends the publication of the
/// publisher that replaced it.
/// </summary>
public class LateStreamEventTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public LateStreamEventTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time) { Configure = p => p.RemoveIgnored = true };
    }

    [Theory]
    [InlineData(StreamDestroyedReason.NetworkDisconnected)]
    [InlineData(StreamDestroyedReason.ClientDisconnected)]
    public async Task StreamDestroyed_ByTheFailedTrysPublisherAfterTheRetryPublished_IsIgnored(StreamDestroyedReason reason)
    {
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false },
            RepublishAfterNetworkLoss = true,
        });
        var events = 0;
        sut.NetworkDisconnected += (_, _) => events++;
        sut.StateChanged += (_, _) => events++;
        _session.Publish.Enqueue(FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed));
        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(250));
        var stream = await publish;
        var (failed, published) = (_factory.Created[0], _factory.Created[1]);
        Assert.Same(published, stream.Publisher);
        Assert.Equal(1, failed.DisposeCount);
        events = 0;

        failed.RaiseStreamDestroyed(reason);

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Same(stream, sut.CurrentStream);
        Assert.Equal(0, published.DisposeCount);
        Assert.Equal(0, events);
        Assert.Equal(2, _factory.Created.Count);
    }
}
