using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Diagnostics;

public sealed class TracingTests : IDisposable
{
    private readonly TelemetryHarness _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task PublishAsync_Success_TracesTheAttemptAndItsThreePhases()
    {
        await using var sut = _telemetry.CreateSut();

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var publish = _telemetry.Span("Vonage.PublishKit.Publish");
        var attempt = _telemetry.Span("Vonage.PublishKit.Attempt");
        Assert.Equal(publish.SpanId, attempt.ParentSpanId);
        foreach (var phase in new[] { "Vonage.PublishKit.Initialize", "Vonage.PublishKit.Connect", "Vonage.PublishKit.PublishStream" })
        {
            var span = _telemetry.Span(phase);
            Assert.Equal(attempt.SpanId, span.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }

        Assert.Equal("fake-stream-1", publish.GetTagItem(TagNamesForTests.StreamId));
        Assert.Equal(1, attempt.GetTagItem(TagNamesForTests.Attempt));
        Assert.Equal(false, publish.GetTagItem(TagNamesForTests.Republish));
    }

    [Theory]
    [InlineData(PublishErrorKind.AccessDenied, "access_denied", 1500)]
    [InlineData(PublishErrorKind.DeviceUnavailable, "device_unavailable", null)]
    [InlineData(PublishErrorKind.NotConnected, "not_connected", 1010)]
    [InlineData(PublishErrorKind.PeerConnectionFailed, "peer_connection_failed", null)]
    [InlineData(PublishErrorKind.AuthenticationFailed, "authentication_failed", 1004)]
    public async Task PublishAsync_Failure_TagsErrorTypeAndSdkCode(PublishErrorKind kind, string errorType, int? code)
    {
        _telemetry.Options.Retry = null;
        if (kind is PublishErrorKind.AccessDenied or PublishErrorKind.DeviceUnavailable)
        {
            _telemetry.Factory.Initialize.Default = FakeOutcome.Fail(kind);
        }
        else
        {
            _telemetry.Session.Connect.Default = FakeOutcome.Fail(kind);
        }

        await using var sut = _telemetry.CreateSut();

        await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        foreach (var span in new[] { _telemetry.Span("Vonage.PublishKit.Publish"), _telemetry.Span("Vonage.PublishKit.Attempt") })
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(errorType, span.GetTagItem(TagNamesForTests.ErrorType));
            Assert.Equal(code, span.GetTagItem(TagNamesForTests.SdkErrorCode));
        }
    }

    [Fact]
    public async Task PublishAsync_DeviceFailure_TagsPhaseTransienceAndSdkNameOnEverySpanUpToThePhase()
    {
        _telemetry.Options.Retry = null;
        _telemetry.Factory.Initialize.Default = FakeOutcome.FailWithSdkError(1500, "OTC_PUBLISHER_ACCESS_DENIED");
        await using var sut = _telemetry.CreateSut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        foreach (var name in new[] { "Vonage.PublishKit.Publish", "Vonage.PublishKit.Attempt", "Vonage.PublishKit.Initialize" })
        {
            var span = _telemetry.Span(name);
            Assert.Equal("AccessDenied", span.StatusDescription);
            Assert.Equal("initialize", span.GetTagItem(TagNamesForTests.Phase));
            Assert.Equal(false, span.GetTagItem(TagNamesForTests.Transient));
            Assert.Equal("OTC_PUBLISHER_ACCESS_DENIED", span.GetTagItem(TagNamesForTests.SdkErrorName));
        }
    }

    [Fact]
    public async Task PublishAsync_TransientFailure_IsTaggedTransient()
    {
        _telemetry.Options.Retry = null;
        _telemetry.Session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = _telemetry.CreateSut();

        await Assert.ThrowsAsync<NotConnectedException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(true, _telemetry.Span("Vonage.PublishKit.Connect").GetTagItem(TagNamesForTests.Transient));
        Assert.Equal("connect", _telemetry.Span("Vonage.PublishKit.Attempt").GetTagItem(TagNamesForTests.Phase));
    }

    [Fact]
    public async Task PublishAsync_Canceled_MarksThePublishAttemptAndPendingPhaseCanceled()
    {
        _telemetry.Session.Connect.Default = FakeOutcome.Hang();
        await using var sut = _telemetry.CreateSut();
        using var cts = new System.Threading.CancellationTokenSource();

        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());

        foreach (var name in new[] { "Vonage.PublishKit.Publish", "Vonage.PublishKit.Attempt", "Vonage.PublishKit.Connect" })
        {
            var span = _telemetry.Span(name);
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("canceled", span.StatusDescription);
            Assert.Equal("canceled", span.GetTagItem(TagNamesForTests.ErrorType));
        }

        Assert.Equal(ActivityStatusCode.Unset, _telemetry.Span("Vonage.PublishKit.Initialize").Status);
    }

    [Fact]
    public async Task Attempt_SaysWhetherItIsARepublishAndWhetherTheSessionWasConnected()
    {
        InlineContinuations.Enable();
        _telemetry.Options.RepublishAfterNetworkLoss = true;
        await using var sut = _telemetry.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _telemetry.Factory.LastCreated!.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        var attempts = _telemetry.Spans.Where(s => s.OperationName == "Vonage.PublishKit.Attempt")
            .Select(s => (s.GetTagItem(TagNamesForTests.Republish), s.GetTagItem(TagNamesForTests.SessionConnected)));
        Assert.Equal([(false, false), (true, true)], attempts);
    }

    [Fact]
    public async Task PublishAsync_Retry_ShowsTwoAttemptsAndARetryEvent()
    {
        InlineContinuations.Enable();
        _telemetry.Session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await using var sut = _telemetry.CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);
        _telemetry.Time.Advance(TimeSpan.FromSeconds(1));
        await publish.OrTimeout();

        var attempts = _telemetry.Spans.Where(s => s.OperationName == "Vonage.PublishKit.Attempt").OrderBy(s => s.GetTagItem(TagNamesForTests.Attempt)).ToList();
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem(TagNamesForTests.Attempt)!));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Unset], attempts.Select(a => a.Status));
        var retry = Assert.Single(_telemetry.Span("Vonage.PublishKit.Publish").Events);
        Assert.Equal("retry", retry.Name);
        var tags = retry.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(1, tags[TagNamesForTests.Attempt]);
        Assert.Equal("not_connected", tags["error.type"]);
        Assert.Equal(1.0, (double)tags[TagNamesForTests.RetryDelay]!, precision: 6);
    }

    [Fact]
    public async Task Republish_IsItsOwnTraceTaggedAsRepublish()
    {
        InlineContinuations.Enable();
        _telemetry.Options.RepublishAfterNetworkLoss = true;
        await using var sut = _telemetry.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        _telemetry.Session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);

        var republish = Assert.Single(_telemetry.Spans, s => s.OperationName == "Vonage.PublishKit.Publish" && Equals(s.GetTagItem(TagNamesForTests.Republish), true));
        var original = Assert.Single(_telemetry.Spans, s => s.OperationName == "Vonage.PublishKit.Publish" && Equals(s.GetTagItem(TagNamesForTests.Republish), false));
        Assert.Equal("fake-stream-2", republish.GetTagItem(TagNamesForTests.StreamId));
        Assert.Null(republish.ParentId);
        Assert.Equal(original.SpanId, Assert.Single(republish.Links).Context.SpanId);
    }

    [Fact]
    public async Task Spans_NeverCarryTheToken()
    {
        _telemetry.Options.Retry = null;
        _telemetry.Session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        await using var sut = _telemetry.CreateSut();

        await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.NotEmpty(_telemetry.Spans);
        Assert.All(_telemetry.Spans, span =>
        {
            Assert.DoesNotContain(SeamHarness.Token, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain(SeamHarness.Token, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        });
    }
}
