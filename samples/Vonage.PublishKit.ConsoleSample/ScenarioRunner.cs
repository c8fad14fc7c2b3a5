using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.ConsoleSample;

/// <summary>Runs one scenario of the troubleshooting guide and tells what the end user would see.</summary>
internal static class ScenarioRunner
{
    /// <summary>Returns whether the scenario ended as the guide says it does.</summary>
    public static async Task<bool> RunAsync(string name)
    {
        var scenario = PublishScenarios.Create(name);
        Console.WriteLine($"== {scenario.Name}: {scenario.Description}");

        var options = DemoOptions.Create();
        var timeline = new TimelineLogger(scenario.TimeProvider);
        var orchestrator = scenario.CreateOrchestrator(options, timeline);
        var lost = new TaskCompletionSource<NetworkDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        orchestrator.NetworkDisconnected += (_, e) => lost.TrySetResult(e);

        Type? outcome = null;
        string? userMessage = null;
        try
        {
            var stream = await orchestrator.PublishAsync("demo-token");
            Console.WriteLine($"  Published stream {stream.StreamId}: initialize {stream.InitializeDuration.TotalMilliseconds:0} ms and connect {stream.ConnectDuration.TotalMilliseconds:0} ms side by side, then publish {stream.PublishDuration.TotalMilliseconds:0} ms; {stream.TotalDuration.TotalMilliseconds:0} ms in all.");
            if (scenario.Session.LoseStreamsAfter is { } lifetime)
            {
                var args = await lost.Task.WaitAsync(lifetime + TimeSpan.FromSeconds(5));
                userMessage = args.UserMessage;
                Console.WriteLine($"  Stream {args.StreamId} lost to the network.");
            }
            else
            {
                await orchestrator.UnpublishAsync();
            }
        }
        catch (PublishException ex)
        {
            outcome = ex.GetType();
            userMessage = ex.UserMessage;
            var sdk = ex.SdkErrorCode is null && ex.SdkErrorName is null ? "no SDK code" : $"SDK error {ex.SdkErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "-"} {ex.SdkErrorName}".TrimEnd();
            Console.WriteLine($"  Failed: {ex.GetType().Name} ({sdk}; {ex.Phase} phase; {(ex.IsTransient ? "worth retrying" : "retrying will not help")}).");
        }
        finally
        {
            await orchestrator.DisposeAsync();
        }

        timeline.PrintChart();
        Console.WriteLine(userMessage is null ? "  The user sees their video." : $"  The user is told: \"{userMessage}\"");
        var publishers = scenario.PublisherFactory.Created;
        Console.WriteLine($"  Cleanup: {publishers.Count} publisher(s) created, disposed {string.Join(", ", publishers.Select(p => p.DisposeCount + "x"))}; camera released: {(publishers.All(p => p.DisposeCount == 1) ? "yes" : "NO")}.");
        Console.WriteLine();

        return outcome == scenario.ExpectedException && userMessage == scenario.ExpectedUserMessage && publishers.All(p => p.DisposeCount == 1);
    }
}
