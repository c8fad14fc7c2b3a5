using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// At most one publisher holds the camera at any moment, whoever starts the next publish: a handler of
/// <c>NetworkDisconnected</c> or <c>StateChanged</c>, a republish, or a call superseding a republish (issue 13, item 7).
/// </summary>
public class OneCameraTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;

    public OneCameraTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time) { Configure = p => p.Disposal = DisposeBehavior.Slowly };
    }

    [Theory]
    [InlineData("NetworkDisconnected", false)]
    [InlineData("StateChanged", false)]
    [InlineData("NetworkDisconnected", true)]
    public async Task HandlerPublishesAgain_LostPublisherDisposesSlowly_NewOneWaitsForTheCamera(string handler, bool republish)
    {
        var sut = CreateSut(republish);
        var publishes = new List<Task<PublishedStream>>();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        if (handler == "NetworkDisconnected")
        {
            sut.NetworkDisconnected += (_, _) => publishes.Add(sut.PublishAsync(SeamHarness.Token));
        }
        else
        {
            sut.StateChanged += (_, e) =>
            {
                if (e.State == PublishState.Idle && publishes.Count == 0)
                {
                    publishes.Add(sut.PublishAsync(SeamHarness.Token));
                }
            };
        }

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        var again = Assert.Single(publishes);
        await _time.DriveAsync(again, Step);

        Assert.NotNull(await again);
        Assert.Equal(PublishState.Published, sut.State);
        await DisposeAsync(sut);
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task Republish_LostPublisherDisposesSlowly_WaitsForTheCamera()
    {
        var sut = CreateSut(republish: true);
        var republished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Republished += (_, _) => republished.TrySetResult();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await _time.DriveAsync(republished.Task, Step);

        Assert.Equal(2, _factory.Created.Count);
        await DisposeAsync(sut);
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task PublishAsync_SupersedesACanceledRepublish_WaitsForTheLostPublisher()
    {
        var sut = CreateSut(republish: true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.DriveAsync(publish, Step);

        Assert.Equal(PublishState.Published, sut.State);
        await DisposeAsync(sut);
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    /// <summary>Disposes in virtual time: the publishers take <see cref="HostilePublisher.SlowDisposal"/> to go.</summary>
    private Task DisposeAsync(PublishOrchestrator sut) => _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);

    private PublishOrchestrator CreateSut(bool republish) =>
        new(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, RepublishAfterNetworkLoss = republish });
}
