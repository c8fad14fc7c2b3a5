using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Every wait on a collaborator is bounded: a publisher whose disposal never completes, a token provider that
/// ignores cancellation, a session that never confirms an unpublish with the watchdog off (issue 13, items 2, 3, 6).
/// </summary>
public class BoundedWaitTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly HostileFactory _factory;
    private readonly FakeLogger<PublishOrchestrator> _logger = new();

    public BoundedWaitTests()
    {
        _session = new FakeSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task PublishAsync_FailsWhilePublisherDisposalNeverCompletes_FailsAfterReleaseTimeoutAndLogsTheAbandon()
    {
        _factory.Configure = p => p.Disposal = DisposeBehavior.Never;
        _factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));
        var sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        await _time.AdvanceUntilCompletedAsync(publish, Step);

        await Assert.ThrowsAsync<AccessDeniedException>(() => publish.OrTimeout());
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "PublisherDisposeAbandoned");
        await _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);
    }

    [Fact]
    public async Task UnpublishAsync_CanceledTokenAndDisposalNeverCompletes_CompletesAndPublishingAgainWorks()
    {
        _factory.Configure = p => p.Disposal = DisposeBehavior.Never;
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        var unpublish = sut.UnpublishAsync(canceled.Token);
        await _time.AdvanceUntilCompletedAsync(unpublish, Step);

        Assert.True(unpublish.IsCompleted);
        Assert.Equal(PublishState.Idle, sut.State);

        // The abandoned publisher counts as released: the next publish gets its own camera.
        _factory.Configure = null;
        Assert.NotNull(await sut.PublishAsync(SeamHarness.Token).OrTimeout());
        await _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);
    }

    [Fact]
    public async Task DisposeAsync_PublishedAndDisposalNeverCompletes_CompletesAfterReleaseTimeout()
    {
        _factory.Configure = p => p.Disposal = DisposeBehavior.Never;
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var dispose = sut.DisposeAsync().AsTask();
        await _time.DriveAsync(dispose, Step);

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task DisposeAsync_WatchdogOffAndSessionNeverConfirmsUnpublish_CompletesAfterReleaseTimeout()
    {
        _session.Unpublish.Default = FakeOutcome.Hang();
        var sut = CreateSut(o => o.PublishTimeout = Timeout.InfiniteTimeSpan);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var dispose = sut.DisposeAsync().AsTask();
        _time.Advance(PublishOrchestratorOptions.DefaultReleaseTimeout - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.False(dispose.IsCompleted);
        await _time.DriveAsync(dispose, TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Theory]
    [InlineData("unpublish")]
    [InlineData("dispose")]
    [InlineData("publish")]
    public async Task Stop_DuringRepublishWhoseTokenProviderNeverAnswers_Completes(string stop)
    {
        var sut = CreateSut(o =>
        {
            o.RepublishAfterNetworkLoss = true;
            o.TokenProvider = static _ => new ValueTask<string>(new TaskCompletionSource<string>().Task);
        });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Assert.Equal(PublishState.Republishing, sut.State);

        Task call = stop switch
        {
            "unpublish" => sut.UnpublishAsync(),
            "dispose" => sut.DisposeAsync().AsTask(),
            _ => sut.PublishAsync(SeamHarness.Token),
        };
        await call.OrTimeout();

        Assert.Equal(stop switch { "unpublish" => PublishState.Idle, "dispose" => PublishState.Disposed, _ => PublishState.Published }, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Republish_TokenProviderSlowerThanConnectTimeout_GivesUpAsNotConnected()
    {
        var failed = new TaskCompletionSource<RepublishFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = CreateSut(o =>
        {
            o.RepublishAfterNetworkLoss = true;
            o.TokenProvider = static _ => new ValueTask<string>(new TaskCompletionSource<string>().Task);
        });
        sut.RepublishFailed += (_, e) => failed.TrySetResult(e);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        _time.Advance(PublishOrchestratorOptions.DefaultConnectTimeout);
        var gaveUp = await failed.Task.OrTimeout();

        Assert.IsType<NotConnectedException>(gaveUp.Exception);
        Assert.Contains("token provider", gaveUp.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
        await _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);
    }

    [Fact]
    public void Constructor_InfiniteReleaseTimeout_ThrowsNamingTheOption()
    {
        var options = new PublishOrchestratorOptions { ReleaseTimeout = Timeout.InfiniteTimeSpan };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new PublishOrchestrator(_session, _factory, options));

        Assert.Equal(nameof(PublishOrchestratorOptions.ReleaseTimeout), exception.ParamName);
    }

    private PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
        configure?.Invoke(options);
        return new PublishOrchestrator(_session, _factory, options, _logger);
    }
}
