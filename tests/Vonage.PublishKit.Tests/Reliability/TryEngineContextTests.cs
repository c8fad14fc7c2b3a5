using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Attacks what a try carries across a park and whose stack it runs on: suppressed execution context flow,
/// <c>AsyncLocal</c> values that must reach the seams and never the completing thread, and a seam that calls back
/// into the orchestrator on the try's own stack.
/// </summary>
public sealed class TryEngineContextTests : TryEngineTestBase
{
    [Fact]
    public async Task ExecutionContextFlowSuppressed_ATryThatParksStillCompletes()
    {
        InlineContinuations.Enable();
        var initialize = new TaskCompletionSource();
        _seams.Initialize = (_, _) => initialize.Task;
        var sut = new PublishOrchestrator(_seams, _seams, Options());

        Task<PublishedStream> publish;
        using (ExecutionContext.SuppressFlow())
        {
            publish = sut.PublishAsync(SeamHarness.Token);
        }

        Assert.False(publish.IsCompleted);
        await Task.Run(initialize.SetResult).OrTimeout();
        var stream = await publish.OrTimeout();

        Assert.Same(_seams.Created.Single(), stream.Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task AsyncLocal_FlowsIntoSeamCallsAfterAParkAndNeverIntoTheCompletingThread()
    {
        await using var dispatcher = new SdkCompletionDispatcher();
        var local = new AsyncLocal<string?>();
        var initialize = new TaskCompletionSource();
        string? seenByPublish = null;
        string? seenByDispatcherAfter = "unset";
        _seams.Initialize = (_, _) => initialize.Task;
        _seams.Publish = (_, _) =>
        {
            seenByPublish = local.Value;

            // A seam that sets an async local of its own must not leak it into the SDK's thread either.
            local.Value = "set by the seam";
            return Task.CompletedTask;
        };
        var sut = new PublishOrchestrator(_seams, _seams, Options());

        local.Value = "the caller's";
        var publish = sut.PublishAsync(SeamHarness.Token);
        local.Value = "changed after the call";
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.Post(() =>
        {
            // Completes inline: the try resumes (and calls publish) on this thread, inside SetResult.
            initialize.SetResult();
            seenByDispatcherAfter = local.Value;
            completed.SetResult();
        });
        await completed.Task.OrTimeout();
        await publish.OrTimeout();

        Assert.Equal("the caller's", seenByPublish);
        Assert.Null(seenByDispatcherAfter);
        Assert.Equal("changed after the call", local.Value);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task PublishAsyncFromInsideConnect_IsRefusedAsBusyAndTheOuterPublishCompletes()
    {
        InlineContinuations.Enable();
        PublishOrchestrator sut = null!;
        Exception? inner = null;
        _seams.Connect = _ =>
        {
            inner = Record.Exception(() => sut.PublishAsync(SeamHarness.Token).GetAwaiter().GetResult());
            return Delay(Second, CancellationToken.None);
        };
        sut = new PublishOrchestrator(_seams, _seams, Options());

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, Second);

        Assert.IsType<InvalidOperationException>(inner);
        Assert.Same(_seams.Created.Single(), (await publish).Publisher);
        Assert.Equal(PublishState.Published, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.Equal(1, _seams.Created.Single().DisposeCount);
    }
}
