using System;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>The architecture's invariants, as the randomized and stress tests check them.</summary>
internal static class Invariants
{
    /// <summary>
    /// Whether the orchestrator is at rest and consistent: no publisher disposed twice; published (or
    /// reconnecting) with exactly the current publisher alive, or idle/disposed with none alive.
    /// </summary>
    public static bool IsSettled(PublishOrchestrator sut, FakePublisherFactory factory)
    {
        if (factory.Created.Any(p => p.DisposeCount > 1))
        {
            return false;
        }

        var alive = factory.Created.Where(p => !p.IsDisposed).ToList();
        return sut.State switch
        {
            PublishState.Published or PublishState.Reconnecting => alive.Count == 1 && ReferenceEquals(alive[0], sut.CurrentStream?.Publisher),
            PublishState.Idle or PublishState.Disposed => alive.Count == 0,
            _ => false,
        };
    }

    /// <summary>Awaits a publish that may end any of the three allowed ways; any other outcome (or a hang) fails.</summary>
    public static async Task OneOutcome(Task<PublishedStream> publish)
    {
        try
        {
            Assert.NotNull(await publish);
        }
        catch (Exception exception) when (exception is PublishException or OperationCanceledException)
        {
        }
    }
}
