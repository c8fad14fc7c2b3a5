using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Tests.Resilience;

/// <summary>
/// The classic republish race (a stop arriving while a republish is in flight, LiveKit client-sdk-js #507),
/// in randomized interleavings: whatever stops it and whenever, exactly one publisher is published or none,
/// and every other publisher is disposed exactly once.
/// </summary>
public class RepublishInterleavingTests(ITestOutputHelper output)
{
    private const int Cases = 400;

    private enum Stop
    {
        Nothing,
        Unpublish,
        Dispose,
        Publish,
        LoseAgain,
    }

    [Fact]
    public async Task StopsRacingARepublish_NeverLeakOrDoubleDisposeAPublisher()
    {
        InlineContinuations.Enable();
        for (var seed = 1; seed <= Cases; seed++)
        {
            try
            {
                await RunCaseAsync(new Random(seed));
            }
            catch (Exception exception)
            {
                output.WriteLine($"Reproduce with seed {seed}.");
                throw new InvalidOperationException($"Interleaving case with seed {seed} failed: {exception.Message}", exception);
            }
        }
    }

    private static async Task RunCaseAsync(Random random)
    {
        var time = new FakeTimeProvider();
        var session = new FakeSession(time);
        var factory = new FakePublisherFactory(time);
        Latencies(random, session, factory);
        var sut = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions
        {
            TimeProvider = time,
            Retry = new PublishRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(100), UseJitter = random.Next(2) == 0 },
            RepublishAfterNetworkLoss = true,
        });

        var pending = new List<Task>();
        await AdvanceUntilAsync(time, sut.PublishAsync("token-1"));

        // The network takes the stream; the republish now fails sometimes and takes a random while.
        session.Connect.Default = random.Next(3) == 0 ? FakeOutcome.Fail(PublishErrorKind.NotConnected).After(Latency(random)) : FakeOutcome.Succeed().After(Latency(random));
        session.Publish.Default = random.Next(5) == 0 ? FakeOutcome.Hang() : FakeOutcome.Succeed().After(Latency(random));
        factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 800)));
        AssertAtMostOnePublished(session);

        var stop = (Stop)random.Next(5);
        switch (stop)
        {
            case Stop.Unpublish:
                pending.Add(sut.UnpublishAsync());
                break;
            case Stop.Dispose:
                pending.Add(sut.DisposeAsync().AsTask());
                break;
            case Stop.Publish when sut.State is PublishState.Republishing or PublishState.Idle:
                pending.Add(Invariants.OneOutcome(sut.PublishAsync("token-2")));
                break;
            case Stop.LoseAgain when factory.LastCreated is { } last:
                last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
                break;
        }

        // Let every timer (phases, watchdog, backoff) run out, then check the settled state.
        await AdvanceUntilAsync(time, Task.WhenAll(pending));
        for (var i = 0; i < 400 && !Invariants.IsSettled(sut, factory); i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        AssertAtMostOnePublished(session);
        Assert.True(Invariants.IsSettled(sut, factory), $"after {stop}: state {sut.State}, dispose counts [{string.Join(",", factory.Created.Select(p => p.DisposeCount))}]");
        Assert.All(factory.Created, p => Assert.InRange(p.DisposeCount, 0, 1));

        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    private static void AssertAtMostOnePublished(FakeSession session)
    {
        var live = session.Published.Except(session.Unpublished).OfType<FakePublisher>().Count(p => !p.IsDisposed);
        Assert.InRange(live, 0, 1);
    }

    private static void Latencies(Random random, FakeSession session, FakePublisherFactory factory)
    {
        factory.Initialize.Default = FakeOutcome.Succeed().After(Latency(random));
        session.Connect.Default = FakeOutcome.Succeed().After(Latency(random));
        session.Publish.Default = FakeOutcome.Succeed().After(Latency(random));
    }

    private static TimeSpan Latency(Random random) => TimeSpan.FromMilliseconds(random.Next(0, 300));

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task task)
    {
        for (var i = 0; i < 2_000 && !task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        await task.OrTimeout();
    }
}
