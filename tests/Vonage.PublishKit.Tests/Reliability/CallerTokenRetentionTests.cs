using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// An app that passes one long-lived token (its lifetime's, say) to every publish: once a publish ends, that
/// token no longer reaches it, so it keeps no released publisher alive, and canceling it later changes nothing.
/// </summary>
public class CallerTokenRetentionTests
{
    [Fact]
    public async Task PublishUnpublishCycles_WithOneLongLivedCallerToken_RetainNoReleasedPublisher()
    {
        using var lifetime = new CancellationTokenSource();
        await using var sut = new PublishOrchestrator(new ForgetfulSession(), new ForgetfulFactory(), new PublishOrchestratorOptions { Retry = null });
        var released = new WeakReference[3];
        for (var i = 0; i < released.Length; i++)
        {
            released[i] = await PublishAndUnpublishAsync(sut, lifetime.Token);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(released, publisher => Assert.False(publisher.IsAlive));
        lifetime.Cancel();
        Assert.Equal(PublishState.Idle, sut.State);
    }

    // Not inlined, so no local of the caller keeps the stream alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> PublishAndUnpublishAsync(PublishOrchestrator sut, CancellationToken lifetime)
    {
        var stream = await sut.PublishAsync(SeamHarness.Token, lifetime).OrTimeout();
        var publisher = new WeakReference(stream.Publisher);
        await sut.UnpublishAsync(CancellationToken.None).OrTimeout();
        return publisher;
    }
}
