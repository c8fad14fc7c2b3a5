using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A try that waited for its token then waits for its failed publisher's release is woken by that release too.</summary>
public class TryReleaseWaitTests
{
    [Fact]
    public async Task Republish_WaitedForTheTokenThenForTheRelease_EndsOnceThePublisherIsReleased()
    {
        var harness = new SeamHarness();
        var token = new TaskCompletionSource<string>();
        var disposed = new TaskCompletionSource();
        var failed = new TaskCompletionSource<RepublishFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Options.RepublishAfterNetworkLoss = true;
        harness.Options.TokenProvider = _ => new ValueTask<string>(token.Task);
        var created = 0;
        harness.ConfigurePublisher = p =>
        {
            if (++created == 2)
            {
                p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(Task.FromException(PublishErrors.AccessDenied()));
                p.Setup(x => x.DisposeAsync()).Returns(() => new ValueTask(disposed.Task));
            }
        };
        await using var sut = harness.CreateSut();
        sut.RepublishFailed += (_, e) => failed.TrySetResult(e);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        harness.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await Task.Run(() => token.SetResult(SeamHarness.Token)).OrTimeout();
        Assert.False(failed.Task.IsCompleted);
        await Task.Run(disposed.SetResult).OrTimeout();

        var gaveUp = await failed.Task.OrTimeout();
        Assert.IsType<AccessDeniedException>(gaveUp.Exception);
        Assert.Equal(PublishState.Idle, sut.State);
    }
}
