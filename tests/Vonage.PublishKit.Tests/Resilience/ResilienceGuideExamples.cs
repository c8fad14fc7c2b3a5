using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Resilience;

/// <summary>The code of docs/resilience.md, run (DocsSnippetTests keeps the page and this file identical).</summary>
public class ResilienceGuideExamples
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _messages = [];

    [Fact]
    public async Task RetryOptions_FiveRetriesFromHalfASecond()
    {
        InlineContinuations.Enable();
        var session = new FakeSession(_time);
        session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);

        // snippet: resilience-retry-options
        var options = new PublishOrchestratorOptions
        {
            Retry = new PublishRetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(500) },
        };
        // end-snippet
        options.TimeProvider = _time;
        options.Retry.UseJitter = false;
        await using var orchestrator = new PublishOrchestrator(session, new FakePublisherFactory(_time), options);

        var publish = orchestrator.PublishAsync(SeamHarness.Token);
        foreach (var delay in new[] { 500, 1000, 2000, 4000, 8000 })
        {
            _time.Advance(TimeSpan.FromMilliseconds(delay));
        }

        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
        Assert.Equal(6, session.Connect.Calls);
    }

    [Fact]
    public async Task Republish_WithAFreshTokenEachTime()
    {
        InlineContinuations.Enable();
        var session = new FakeSession(_time);
        var myBackend = new TokenService();

        // snippet: resilience-republish
        var options = new PublishOrchestratorOptions
        {
            RepublishAfterNetworkLoss = true,
            TokenProvider = async ct => await myBackend.GetVonageTokenAsync(ct), // tokens expire
        };
        var orchestrator = new PublishOrchestrator(session, new FakePublisherFactory(), options);
        orchestrator.Republished += (_, e) => ShowMessage($"Live again as {e.Stream.StreamId}");
        orchestrator.RepublishFailed += (_, e) => ShowMessage(e.Exception.UserMessage);
        // end-snippet
        await using var _ = orchestrator;
        await orchestrator.PublishAsync(SeamHarness.Token).OrTimeout();

        session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        await WaitForMessageAsync();

        Assert.Equal(["Live again as fake-stream-2"], _messages);
        Assert.Equal(1, myBackend.Calls);
    }

    private void ShowMessage(string message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }

    private async Task WaitForMessageAsync()
    {
        for (var i = 0; i < 1_000 && _messages.Count == 0; i++)
        {
            await Task.Yield();
        }
    }

    private sealed class TokenService
    {
        public int Calls { get; private set; }

        public Task<string> GetVonageTokenAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Calls++;
            return Task.FromResult("fresh-token-" + Calls);
        }
    }
}
