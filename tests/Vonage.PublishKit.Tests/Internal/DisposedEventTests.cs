using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>The transition to disposed is the last event a handler sees: an event raised while its handlers run reaches none.</summary>
public class DisposedEventTests
{
    [Fact]
    public async Task DisposeAsync_TryFailsWhileTheDisposedHandlerRuns_NoRetryingHandlerRuns()
    {
        InlineContinuations.Enable();
        var harness = new SeamHarness();
        var connect = new TaskCompletionSource();
        harness.Options.Retry = new PublishRetryOptions { UseJitter = false };
        harness.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(connect.Task);
        var sut = harness.CreateSut();
        var retries = 0;
        sut.Retrying += (_, _) => retries++;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Disposed)
            {
                // The retry's handlers would run right here, inside this handler.
                connect.SetException(PublishErrors.NotConnected());
            }
        };
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(0, retries);
    }
}
