using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A publish that disposal ends, in flight or from a handler as it publishes, is canceled and says so, with disposal's token.</summary>
public class DisposalOutcomeTests
{
    private const string Disposed = "The publish was canceled because the orchestrator was disposed.";

    private readonly SeamHarness _harness = new();

    [Fact]
    public async Task PublishAsync_HandlerDisposesAsItPublishes_IsCanceledBecauseOfTheDisposal()
    {
        var sut = _harness.CreateSut();
        Task? dispose = null;
        sut.StateChanged += (_, e) =>
        {
            if (e.State == PublishState.Published)
            {
                dispose ??= sut.DisposeAsync().AsTask();
            }
        };

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        await dispose!.OrTimeout();
        Assert.Equal(Disposed, exception.Message);
        Assert.True(exception.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task PublishAsync_DisposedInFlight_IsCanceledBecauseOfTheDisposal()
    {
        _harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        var sut = _harness.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        await sut.DisposeAsync().AsTask().OrTimeout();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(Disposed, exception.Message);
        Assert.True(exception.CancellationToken.IsCancellationRequested);
    }
}
