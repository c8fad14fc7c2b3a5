using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// A try that waits resumes in the caller's execution context, as an await would: the seams it calls after a
/// park see the caller's async locals, not those of whoever completed the seam it waited for; a caller that
/// suppressed the flow gets a try that still runs on.
/// </summary>
public class TryRunContextTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    private readonly SeamHarness _harness = new();
    private readonly TaskCompletionSource _initialize = new();
    private string? _seenByPublish = "not called";

    public TryRunContextTests()
    {
        _harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(_initialize.Task);
        _harness.WhenSessionPublishes(() => _seenByPublish = Ambient.Value);
    }

    [Fact]
    public async Task PublishAsync_SeamCompletedFromAnotherContext_PublishesInTheCallersContext()
    {
        await using var sut = _harness.CreateSut();
        Ambient.Value = "caller";
        var publish = sut.PublishAsync(SeamHarness.Token);
        Ambient.Value = null;

        await Task.Run(() =>
        {
            Ambient.Value = "completer";
            _initialize.SetResult();
        }).OrTimeout();

        await publish.OrTimeout();
        Assert.Equal("caller", _seenByPublish);
    }

    [Fact]
    public async Task PublishAsync_CallerSuppressedTheFlow_RunsOnWhenTheSeamCompletes()
    {
        await using var sut = _harness.CreateSut();
        Task<PublishedStream> publish;
        using (ExecutionContext.SuppressFlow())
        {
            publish = sut.PublishAsync(SeamHarness.Token);
        }

        await Task.Run(_initialize.SetResult).OrTimeout();

        var stream = await publish.OrTimeout();
        Assert.Equal("stream-1", stream.StreamId);
        Assert.Null(_seenByPublish);
    }
}
