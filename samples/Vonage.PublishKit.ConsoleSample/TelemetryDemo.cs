using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.ConsoleSample;

/// <summary>
/// <c>--telemetry</c>: the orchestrator from dependency injection, with OpenTelemetry's console exporter
/// printing a trace per publish (attempts and phases) and the metrics, as docs/diagnostics.md shows.
/// </summary>
internal static class TelemetryDemo
{
    public static async Task RunAsync(string name)
    {
        var scenario = PublishScenarios.Create(name);
        Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
        var services = new ServiceCollection();
        services.AddSingleton<ISession>(scenario.Session);
        services.AddSingleton<IPublisherFactory>(scenario.PublisherFactory);

        // snippet: diagnostics-opentelemetry
        services.AddPublishKit(options => options.PublishTimeout = TimeSpan.FromSeconds(3));

        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(PublishKitTelemetry.Name).AddConsoleExporter())
            .WithMetrics(metrics => metrics.AddMeter(PublishKitTelemetry.Name).AddConsoleExporter());
        // end-snippet
        services.Configure<PublishOrchestratorOptions>(options => DemoOptions.Apply(options));

        // snippet: diagnostics-view
        // The histograms advise their own buckets (seconds); a View replaces them with yours.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
            "vonage.publishkit.publish.duration",
            new ExplicitBucketHistogramConfiguration { Boundaries = [0.5, 1, 2, 5, 10, 30, 60] }));
        // end-snippet

        await using (var provider = services.BuildServiceProvider())
        {
            // Without a host nothing starts the providers; resolving them does.
            _ = provider.GetRequiredService<TracerProvider>();
            _ = provider.GetRequiredService<MeterProvider>();
            var orchestrator = provider.GetRequiredService<PublishOrchestrator>();
            try
            {
                await orchestrator.PublishAsync("demo-token");
                await orchestrator.UnpublishAsync();
            }
            catch (PublishException ex)
            {
                Console.WriteLine($"Failed: {ex.GetType().Name}: {ex.UserMessage}");
            }
        }

        // Disposing the provider exported the metrics, once.
        Console.WriteLine();
    }
}
