using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// A logging provider that throws (Microsoft.Extensions.Logging rethrows its providers' failures) is a bug
/// of the application, but it must not leave a publisher unreleased or the state half changed.
/// </summary>
public class ThrowingLoggerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;

    public ThrowingLoggerTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task PublishLoseRepublishAndUnpublish_WorkAsWithAHealthyLogger()
    {
        InlineContinuations.Enable();
        var options = new PublishOrchestratorOptions { TimeProvider = _time, RepublishAfterNetworkLoss = true, Retry = new PublishRetryOptions { UseJitter = false } };
        await using var sut = new PublishOrchestrator(_session, _factory, options, new ThrowingLogger());
        var lost = 0;
        sut.NetworkDisconnected += (_, _) => lost++;

        var first = await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
        _factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.Equal(1, lost);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.NotEqual(first.StreamId, sut.CurrentStream!.StreamId);
        await sut.UnpublishAsync().OrTimeout();
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Failure_StillSurfacesAsTheTypedException()
    {
        _factory.Initialize.Default = FakeOutcome.Fail(PublishErrorKind.AccessDenied);
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time }, new ThrowingLogger());

        await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
    }
}
