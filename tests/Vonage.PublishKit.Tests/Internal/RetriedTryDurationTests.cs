using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A retried try times its phases from its own start, not from the first try's nor across the backoff.</summary>
public class RetriedTryDurationTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task PublishAsync_SecondTrySucceeds_ItsPhaseDurationsAreItsOwn()
    {
        var session = new FakeSession(_time);
        var factory = new FakePublisherFactory(_time);
        factory.Initialize.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(200));
        session.Connect.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(300));
        session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { UseJitter = false, BaseDelay = TimeSpan.FromSeconds(1) },
        });

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, TimeSpan.FromMilliseconds(100));
        var stream = await publish;

        Assert.Equal(2, factory.Created.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(200), stream.InitializeDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stream.ConnectDuration);
    }
}
