using System;
using System.Collections.Generic;
using System.Linq;
using Vonage.PublishKit.ConsoleSample;
using Vonage.PublishKit.Testing;

// Runs the Vonage troubleshooting guide's publish scenarios through PublishOrchestrator on the
// Testing package's fakes, in real time with realistic latencies.
const string Usage = """
    Usage: dotnet run --project samples/Vonage.PublishKit.ConsoleSample [-- options]

    Runs each publish scenario of the Vonage troubleshooting guide through PublishOrchestrator on fakes
    and shows the timeline, the outcome and what the end user would be told.

    Options:
      --scenario NAME   run only this scenario (may be repeated)
      --list            list the scenarios
      --telemetry       print OpenTelemetry traces and metrics (console exporter) instead of the timeline
      --help            show this help
    """;

var selected = new List<string>();
var telemetry = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--list":
            foreach (var scenario in PublishScenarios.All())
            {
                Console.WriteLine($"{scenario.Name,-14} {scenario.Description}");
            }

            return 0;
        case "--telemetry":
            telemetry = true;
            break;
        case "--scenario" when i + 1 < args.Length:
            var name = args[++i];
            if (!PublishScenarios.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"Unknown scenario '{name}'. The scenarios are: {string.Join(", ", PublishScenarios.Names)}.");
                return 2;
            }

            selected.Add(name);
            break;
        case "--scenario":
            Console.Error.WriteLine($"--scenario needs a name. The scenarios are: {string.Join(", ", PublishScenarios.Names)}.");
            return 2;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

if (selected.Count == 0)
{
    selected.AddRange(PublishScenarios.Names);
}

if (telemetry)
{
    foreach (var name in selected)
    {
        await TelemetryDemo.RunAsync(name);
    }

    return 0;
}

var allAsExpected = true;
foreach (var name in selected)
{
    allAsExpected &= await ScenarioRunner.RunAsync(name);
}

Console.WriteLine(allAsExpected ? "Every scenario ended as the troubleshooting guide describes." : "A scenario did NOT end as expected.");
return allAsExpected ? 0 : 1;
