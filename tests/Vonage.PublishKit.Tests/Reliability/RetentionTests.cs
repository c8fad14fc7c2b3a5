using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// A long-lived orchestrator must not keep what it released: a real publisher holds native camera and
/// encoder resources until it is collected.
/// </summary>
public class RetentionTests
{
    [Fact]
    public async Task PublishUnpublishCycles_RetainNoReleasedPublisher()
    {
        await using var sut = new PublishOrchestrator(new ForgetfulSession(), new ForgetfulFactory(), new PublishOrchestratorOptions { Retry = null });
        var released = new WeakReference[3];
        for (var i = 0; i < released.Length; i++)
        {
            released[i] = await PublishAndUnpublishAsync(sut);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(released, publisher => Assert.False(publisher.IsAlive));
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task RepeatedRepublishing_RetainsNoLostPublisher()
    {
        var options = new PublishOrchestratorOptions { Retry = null, RepublishAfterNetworkLoss = true };
        await using var sut = new PublishOrchestrator(new ForgetfulSession(), new ForgetfulFactory(), options);
        var lost = new WeakReference[3];
        lost[0] = await PublishThenLoseTheStreamAsync(sut);
        for (var i = 1; i < lost.Length; i++)
        {
            lost[i] = await LoseTheStreamAsync(sut);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(lost, publisher => Assert.False(publisher.IsAlive));
        Assert.Equal(PublishState.Published, sut.State);
    }

    // Not inlined, so no local of the caller keeps the stream alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> PublishAndUnpublishAsync(PublishOrchestrator sut)
    {
        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        var publisher = new WeakReference(stream.Publisher);
        await sut.UnpublishAsync().OrTimeout();
        return publisher;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> PublishThenLoseTheStreamAsync(PublishOrchestrator sut)
    {
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        return await LoseTheStreamAsync(sut);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> LoseTheStreamAsync(PublishOrchestrator sut)
    {
        var republished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<RepublishedEventArgs> onRepublished = (_, _) => republished.TrySetResult();
        sut.Republished += onRepublished;
        var publisher = (FakePublisher)sut.CurrentStream!.Publisher;
        publisher.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await republished.Task.OrTimeout();
        sut.Republished -= onRepublished;
        return new WeakReference(publisher);
    }
}
