using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Diagnostics;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Diagnostics;

/// <summary>
/// A listener that throws as a span starts or stops loses that span and nothing else: the span that was current
/// before is current again, so the spans that follow keep their real parent, and nothing links to the lost span.
/// </summary>
public sealed class ThrowingListenerSpanTests : IDisposable
{
    private static readonly AsyncLocal<string?> Test = new();
    private readonly ThrowingListeners _listeners = new();

    public void Dispose() => _listeners.Dispose();

    [Fact]
    public void Start_ListenerThrowsAsTheSpanStarts_TheParentStaysCurrent()
    {
        var parent = Activity.Current;
        _listeners.ThrowOnStart = PublishKitActivities.Initialize;

        var span = TelemetryRecorder.StartPhase(PublishPhase.Initialize);

        Assert.Null(span);
        Assert.NotNull(parent);
        Assert.Same(parent, Activity.Current);
        Assert.True(_listeners.Thrown > 0);
    }

    [Fact]
    public void Stop_ListenerThrowsAsTheCurrentSpanStops_ItsParentIsCurrentAgain()
    {
        var parent = Activity.Current;
        var span = TelemetryRecorder.StartPhase(PublishPhase.Connect);
        Assert.NotNull(span);
        Assert.Same(span, Activity.Current);
        _listeners.ThrowOnStop = PublishKitActivities.Connect;

        TelemetryRecorder.Stop(span);

        Assert.Same(parent, Activity.Current);
        Assert.True(span.IsStopped);
        Assert.True(_listeners.Thrown > 0);
    }

    [Fact]
    public void Stop_ListenerThrowsAsASpanThatIsNotCurrentStops_TheCurrentSpanStaysCurrent()
    {
        var outer = TelemetryRecorder.StartAttempt(1, isRepublish: false);
        var inner = TelemetryRecorder.StartPhase(PublishPhase.Initialize);
        Assert.NotNull(outer);
        Assert.Same(inner, Activity.Current);
        _listeners.ThrowOnStop = PublishKitActivities.Attempt;

        TelemetryRecorder.Stop(outer);

        Assert.Same(inner, Activity.Current);
        TelemetryRecorder.Stop(inner);
    }

    [Fact]
    public async Task PublishAsync_ListenerThrowsAsThePublishSpanStarts_AttemptSpanKeepsTheCallersParent()
    {
        using var telemetry = new TelemetryHarness();
        var caller = Activity.Current!;
        _listeners.ThrowOnStart = PublishKitActivities.Publish;
        await using var sut = telemetry.CreateSut();

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.True(_listeners.Thrown > 0);
        Assert.DoesNotContain(telemetry.Spans, s => s.OperationName == PublishKitActivities.Publish);
        Assert.Equal(caller.SpanId, telemetry.Span(PublishKitActivities.Attempt).ParentSpanId);
    }

    [Fact]
    public async Task Republish_ThePublishItReplacesWasNotTraced_CarriesNoLink()
    {
        InlineContinuations.Enable();
        var marker = Guid.NewGuid().ToString("N");
        var republishes = new ConcurrentQueue<Activity>();
        using var recorder = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PublishKitTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,

            // A republish is a trace of its own: only the test's own flow tells it apart from other tests' spans.
            ActivityStarted = a =>
            {
                if (Test.Value == marker && a.OperationName == PublishKitActivities.Publish && a.Parent is null)
                {
                    republishes.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(recorder);
        using var telemetry = new TelemetryHarness();
        telemetry.Options.RepublishAfterNetworkLoss = true;
        await using var sut = telemetry.CreateSut();
        _listeners.ThrowOnSample = PublishKitActivities.Publish;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _listeners.ThrowOnSample = null;
        Assert.True(_listeners.Thrown > 0);

        Test.Value = marker;
        telemetry.Factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        Test.Value = null;

        Assert.Equal(PublishState.Published, sut.State);
        var republish = Assert.Single(republishes);
        Assert.Equal(true, republish.GetTagItem(TagNamesForTests.Republish));
        Assert.Empty(republish.Links);
    }
}
