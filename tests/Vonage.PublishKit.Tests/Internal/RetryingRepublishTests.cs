using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Internal;

/// <summary>The built-in retry of a publish and that of a republish each say which one they retry.</summary>
public class RetryingRepublishTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSession _session;
    private readonly FakePublisherFactory _factory;

    public RetryingRepublishTests()
    {
        _session = new FakeSession(_time);
        _factory = new FakePublisherFactory(_time);
    }

    [Fact]
    public async Task Retrying_OfAPublishThenOfARepublish_TellsWhichItRetries()
    {
        InlineContinuations.Enable();
        var retries = new List<(int AttemptNumber, bool IsRepublish)>();
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { UseJitter = false },
            RepublishAfterNetworkLoss = true,
        });
        sut.Retrying += (_, e) => retries.Add((e.AttemptNumber, e.IsRepublish));
        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        await _time.DriveAsync(sut.PublishAsync(SeamHarness.Token), TimeSpan.FromMilliseconds(100));

        _session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected));
        _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        for (var i = 0; i < 100 && sut.State != PublishState.Published; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal([(1, false), (1, true)], retries);
    }
}
