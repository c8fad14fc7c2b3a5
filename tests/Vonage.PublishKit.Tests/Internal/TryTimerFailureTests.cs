using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>
/// A try whose timer cannot be armed fails as an adapter failure would, and each phase it was waiting for
/// ends with that failure: its span is stopped as failed, never left open.
/// </summary>
public sealed class TryTimerFailureTests : IDisposable
{
    private static readonly TimeSpan Latency = TimeSpan.FromSeconds(1);

    private readonly TelemetryHarness _telemetry = new();
    private readonly HostileClock _clock;

    public TryTimerFailureTests()
    {
        _clock = new HostileClock(_telemetry.Time) { ThrowOnCreateTimer = true };
        _telemetry.Options.TimeProvider = _clock;
        _telemetry.Options.Retry = null;
    }

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task PublishAsync_TimerFailsWhileInitializeAndConnectWait_EndsBothPhasesFailed()
    {
        _telemetry.Factory.Initialize.Default = FakeOutcome.Succeed().After(Latency);
        _telemetry.Session.Connect.Default = FakeOutcome.Succeed().After(Latency);
        await using var sut = _telemetry.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(ActivityStatusCode.Error, _telemetry.Span("Vonage.PublishKit.Initialize").Status);
        Assert.Equal(ActivityStatusCode.Error, _telemetry.Span("Vonage.PublishKit.Connect").Status);
        Assert.Equal(1, _telemetry.Factory.LastCreated!.DisposeCount);
    }

    [Fact]
    public async Task PublishAsync_TimerFailsWhilePublishWaits_EndsThePublishPhaseFailed()
    {
        _telemetry.Session.Publish.Default = FakeOutcome.Succeed().After(Latency);
        await using var sut = _telemetry.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(ActivityStatusCode.Unset, _telemetry.Span("Vonage.PublishKit.Initialize").Status);
        Assert.Equal(ActivityStatusCode.Error, _telemetry.Span("Vonage.PublishKit.PublishStream").Status);
        Assert.Equal(1, _telemetry.Factory.LastCreated!.DisposeCount);
    }
}
