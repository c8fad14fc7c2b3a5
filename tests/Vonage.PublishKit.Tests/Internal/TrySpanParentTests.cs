using System;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>A try's span is current only inside the try: every try of a publish is a child of the publish's span, never of the try before.</summary>
public sealed class TrySpanParentTests : IDisposable
{
    private readonly TelemetryHarness _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task PublishAsync_FirstTryWaitsThenFails_TheRetryIsASiblingOfTheFirstTry()
    {
        InlineContinuations.Enable();
        // The first try waits for its connect, so it is still running when the pipeline's call returns.
        _telemetry.Session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected).After(TimeSpan.FromMilliseconds(100)));
        await using var sut = _telemetry.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _telemetry.Time.Advance(TimeSpan.FromMilliseconds(100));
        _telemetry.Time.Advance(TimeSpan.FromSeconds(1));
        await publish.OrTimeout();

        var publishSpan = _telemetry.Span("Vonage.PublishKit.Publish");
        var attempts = _telemetry.Spans.Where(s => s.OperationName == "Vonage.PublishKit.Attempt").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(publishSpan.SpanId, attempt.ParentSpanId));
    }
}
