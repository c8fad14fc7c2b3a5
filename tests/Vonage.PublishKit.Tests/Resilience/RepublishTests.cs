using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Resilience;

public class RepublishTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;
    private readonly List<string> _events = [];

    public RepublishTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task NetworkLoss_RepublishesWithAFreshPublisher()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.Created[0].RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.Equal(["NetworkDisconnected", "Republished:fake-stream-2"], _events);
        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal("fake-stream-2", sut.CurrentStream!.StreamId);
        Assert.Equal([1, 0], _factory.Created.Select(p => p.DisposeCount));
    }

    [Fact]
    public async Task NetworkLoss_StateGoesThroughRepublishing()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        var states = new List<PublishState>();
        sut.StateChanged += (_, e) => states.Add(e.State);

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.Equal([PublishState.Republishing, PublishState.Published], states);
        Assert.Equal(2, _session.Connect.Calls);
    }

    [Fact]
    public async Task NetworkLoss_UsesTheTokenProviderForEachAttempt()
    {
        InlineContinuations.Enable();
        var calls = 0;
        await using var sut = CreateSut(o => o.TokenProvider = _ => new ValueTask<string>("fresh-" + ++calls));
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, calls);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task NetworkLoss_TokenProviderThrowsAPublishException_GivesUpWithThatException()
    {
        InlineContinuations.Enable();
        var failure = PublishErrors.AuthenticationFailed();
        RepublishFailedEventArgs? failed = null;
        await using var sut = CreateSut(o => o.TokenProvider = _ => throw failure);
        sut.RepublishFailed += (_, e) => failed = e;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.Same(failure, failed!.Exception);
    }

    [Theory]
    [InlineData("throws")]
    [InlineData("cancels on its own")]
    [InlineData("returns an empty token")]
    public async Task NetworkLoss_TokenProviderMisbehaves_GivesUpWithAConnectFailureWrappingIt(string behaviour)
    {
        InlineContinuations.Enable();
        RepublishFailedEventArgs? failed = null;
        await using var sut = CreateSut(o => o.TokenProvider = _ => behaviour switch
        {
            "throws" => throw new InvalidOperationException("token service down"),
            "cancels on its own" => throw new OperationCanceledException(),
            _ => new ValueTask<string>(" "),
        });
        sut.RepublishFailed += (_, e) => failed = e;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.Equal(["NetworkDisconnected", "RepublishFailed:Unknown"], _events);
        Assert.NotNull(failed);
        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (failed.Exception.Kind, failed.Exception.Phase));
        Assert.IsAssignableFrom(behaviour == "cancels on its own" ? typeof(OperationCanceledException) : typeof(InvalidOperationException), failed.Exception.InnerException);
        if (behaviour == "returns an empty token")
        {
            Assert.Equal("The token provider returned an empty token.", failed.Exception.InnerException!.Message);
        }

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
    }

    [Fact]
    public async Task NetworkLoss_StoppedWhileTheTokenProviderRuns_EndsQuietly()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut(o => o.TokenProvider = async ct =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
            return "never";
        });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(["NetworkDisconnected"], _events);
        Assert.Equal(PublishState.Idle, sut.State);
    }

    [Fact]
    public async Task NetworkLoss_NetworkStaysDown_GivesUpAfterTheRetriesWithTheLastError()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut(o => o.Retry!.MaxRetryAttempts = 2);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["NetworkDisconnected", "Retrying:1", "Retrying:2", "RepublishFailed:NotConnected"], _events);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(4, _factory.Created.Count);
    }

    [Theory]
    [InlineData(StreamDestroyedReason.ForceUnpublished)]
    [InlineData(StreamDestroyedReason.ClientDisconnected)]
    [InlineData(StreamDestroyedReason.MediaStopped)]
    public async Task OtherLoss_IsNotRepublished(StreamDestroyedReason reason)
    {
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.Created[0].RaiseStreamDestroyed(reason);

        Assert.Empty(_events);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
    }

    [Fact]
    public async Task UnpublishAsync_DuringRepublishBackoff_StopsItAndReleasesEverything()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        await sut.UnpublishAsync().OrTimeout();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(["NetworkDisconnected", "Retrying:1"], _events);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(2, _session.Connect.Calls);
    }

    [Fact]
    public async Task PublishAsync_DuringRepublish_TakesOverWithExactlyOnePublisher()
    {
        InlineContinuations.Enable();
        await using var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Publish.Enqueue(FakeOutcome.Hang());
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Same(_factory.Created[2], stream.Publisher);
        Assert.Equal([1, 1, 0], _factory.Created.Select(p => p.DisposeCount));
        Assert.Equal(PublishState.Published, sut.State);
        Assert.DoesNotContain(_events, e => e.StartsWith("Republish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposeAsync_DuringRepublish_ReleasesEveryPublisherOnce()
    {
        InlineContinuations.Enable();
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _session.Publish.Enqueue(FakeOutcome.Hang());
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal([1, 1], _factory.Created.Select(p => p.DisposeCount));
        Assert.Equal(["NetworkDisconnected"], _events);
    }

    [Fact]
    public async Task Republish_Off_LossOnlyReportsAndGoesIdle()
    {
        await using var sut = CreateSut(o => o.RepublishAfterNetworkLoss = false);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        Assert.Equal(["NetworkDisconnected"], _events);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
    }

    private PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { UseJitter = false },
            RepublishAfterNetworkLoss = true,
        };
        configure?.Invoke(options);
        var sut = new PublishOrchestrator(_session, _factory, options);
        sut.NetworkDisconnected += (_, _) => _events.Add("NetworkDisconnected");
        sut.Republished += (_, e) => _events.Add("Republished:" + e.Stream.StreamId);
        sut.RepublishFailed += (_, e) => _events.Add("RepublishFailed:" + e.Exception.Kind);
        sut.Retrying += (_, e) => _events.Add("Retrying:" + e.AttemptNumber);
        return sut;
    }
}
