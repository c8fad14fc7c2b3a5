using System;
using System.Threading;
using System.Threading.Tasks;
using Moq;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// A waiting phase settles as soon as it can: at its own timeout even while the other setup phase still waits,
/// and at once, as an adapter failure, when the clock that times it fails.
/// </summary>
public class PhaseSettleTests
{
    private readonly SeamHarness _harness = new();
    private readonly TaskCompletionSource _initialize = new();
    private readonly TaskCompletionSource _connect = new();

    public PhaseSettleTests()
    {
        _harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns(_initialize.Task);
        _harness.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(_connect.Task);
    }

    [Fact]
    public async Task PublishAsync_InitializeTimesOutWhileConnectStillWaits_FailsAtTheInitializeTimeout()
    {
        _harness.Options.InitializeTimeout = TimeSpan.FromSeconds(5);
        _harness.Options.ConnectTimeout = TimeSpan.FromSeconds(15);
        await using var sut = _harness.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        _harness.Time.Advance(TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        Assert.IsType<TimeoutException>(exception.InnerException);
        _harness.Publisher.Verify(p => p.DisposeAsync(), Times.Once);
    }

    [Fact]
    public async Task PublishAsync_ClockFailsWhileInitializeWaits_FailsAsAnUnexpectedInitializeFailure()
    {
        var clock = new HostileClock(_harness.Time);
        _harness.Options.TimeProvider = clock;
        await using var sut = _harness.CreateSut();
        var publish = sut.PublishAsync(SeamHarness.Token);

        // The connect's completion makes the try look again: timing the initialize that still waits fails.
        clock.ThrowOnTimestamp = true;
        await Task.Run(_connect.SetResult).OrTimeout();

        var exception = await Assert.ThrowsAsync<PublishException>(() => publish.OrTimeout());
        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Initialize), (exception.Kind, exception.Phase));
        Assert.Equal("a broken clock", Assert.IsType<InvalidOperationException>(exception.InnerException).Message);
        _harness.Publisher.Verify(p => p.DisposeAsync(), Times.Once);
    }
}
