// snippet: getting-started-program
using Vonage.PublishKit;
using Vonage.PublishKit.Testing;

// Every case of the troubleshooting guide, on fakes. In an app, session and publisherFactory come from the
// Vonage Video SDK adapter instead, and the token from your server.
foreach (var scenario in PublishScenarios.All())
{
    var options = new PublishOrchestratorOptions { PublishTimeout = TimeSpan.FromSeconds(2), Retry = null };
    await using var orchestrator = new PublishOrchestrator(scenario.Session, scenario.PublisherFactory, options);
    orchestrator.NetworkDisconnected += (_, e) => Show(scenario.Name, e.UserMessage);

    try
    {
        var stream = await orchestrator.PublishAsync("your-session-token");
        Show(scenario.Name, $"You are live (stream {stream.StreamId}, {stream.TotalDuration.TotalMilliseconds:0} ms).");
        if (scenario.Session.LoseStreamsAfter is { } lifetime)
        {
            await Task.Delay(lifetime + TimeSpan.FromMilliseconds(100)); // stay live until this scenario's network drops
        }
    }
    catch (AccessDeniedException ex)
    {
        // The user must allow the camera: offer a "try again" button, do not retry by yourself.
        Show(scenario.Name, ex.UserMessage);
    }
    catch (DeviceUnavailableException ex)
    {
        // No camera or microphone, a driver fault, or another application holds it.
        Show(scenario.Name, ex.UserMessage);
    }
    catch (PublishException ex) when (ex.IsTransient)
    {
        // Offline (NotConnectedException) or a firewall (PeerConnectionFailedException): worth a retry later.
        Show(scenario.Name, $"{ex.UserMessage} [{ex.GetType().Name}, SDK code {(object?)ex.SdkErrorCode ?? "none"}]");
    }
    catch (PublishException ex)
    {
        Show(scenario.Name, ex.UserMessage);
    }
}

static void Show(string scenario, string message) => Console.WriteLine($"{scenario,-14} {message}");
// end-snippet
