using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// <c>--allocations</c>: where the bytes of one operation go, by type, for the three measured paths: a
/// successful publish and unpublish cycle (default options, seams complete at once), a failed attempt
/// (access denied, <c>Retry = null</c>) and a publish that goes pending (default options). It listens to the
/// runtime's randomized allocation sampling (the AllocationSampled event of .NET 10, one sample per ~100 KB
/// on average, unbiased by object size), so each sample stands for ~100 KB: bytes per operation of a type =
/// samples × 102,400 / operations. Exact totals come from <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public static class AllocationProfile
{
    private const double BytesPerSample = 102_400;

    public static int Run()
    {
        var session = new InstantSession();
        var orchestrator = new PublishOrchestrator(session, new InstantPublisherFactory());
        var denied = new PublishOrchestrator(session, new InstantPublisherFactory(denyAccess: true), new PublishOrchestratorOptions { Retry = null });
        Task Cycle() => OverheadBenchmarks.OrchestratorCycleAsync(orchestrator);
        async Task Fail()
        {
            try
            {
                await denied.PublishAsync("token");
            }
            catch (AccessDeniedException)
            {
                // The one typed exception per attempt.
            }
        }

        using var sampler = new Sampler();
        Profile(sampler, "successful publish + unpublish (default options)", Cycle, 400_000);
        Profile(sampler, "failed attempt, access denied (Retry = null)", Fail, 40_000);
        ProfilePending(sampler, 50_000);
        return 0;
    }

    private static void Profile(Sampler sampler, string title, Func<Task> operation, int count)
    {
        for (var i = 0; i < 5_000; i++)
        {
            operation().GetAwaiter().GetResult();
        }

        sampler.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            // Seams that complete at once: the whole operation runs on this thread.
            operation().GetAwaiter().GetResult();
        }

        var exact = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
        sampler.Print(title, count, exact);
    }

    private static void ProfilePending(Sampler sampler, int count)
    {
        var fleet = new PendingFleet(count);
        fleet.CreateOrchestrators();
        GC.Collect();
        sampler.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        fleet.StartPublishes();
        var exact = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
        sampler.Print("publish going pending on initialize and connect (default options)", count, exact);
        fleet.Dispose();
    }

    private sealed class Sampler : EventListener
    {
        private readonly Dictionary<string, (long Samples, long Size)> _byType = [];
        private volatile bool _on;

        public void Reset()
        {
            lock (_byType)
            {
                _byType.Clear();
            }

            _on = true;
        }

        public void Print(string title, int count, double exactBytes)
        {
            _on = false;
            List<KeyValuePair<string, (long Samples, long Size)>> rows;
            lock (_byType)
            {
                rows = [.. _byType.OrderByDescending(r => r.Value.Samples)];
            }

            var samples = rows.Sum(r => r.Value.Samples);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### {title}: {exactBytes:N0} B per operation (exact), {samples} samples over {count:N0} operations"));
            Console.WriteLine();
            Console.WriteLine("| type | est. B/op | object size | est. objects/op |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (type, (typeSamples, size)) in rows.Take(25))
            {
                var bytes = typeSamples * BytesPerSample / count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{Shorten(type)}` | {bytes:N0} | {size} | {bytes / size:N1} |"));
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // AllocationSamplingKeyword (.NET 10).
                EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x80000000000);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (!_on || eventData.EventName != "AllocationSampled" || eventData.PayloadNames is null || eventData.Payload is null)
            {
                return;
            }

            var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var size = Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("ObjectSize")], CultureInfo.InvariantCulture);
            lock (_byType)
            {
                var (samples, _) = _byType.GetValueOrDefault(type);
                _byType[type] = (samples + 1, size);
            }
        }

        private static string Shorten(string type)
        {
            // Generic instantiations of Polly's and the orchestrator's state machines are hundreds of characters long.
            var generic = type.IndexOf('[', StringComparison.Ordinal);
            var head = generic < 0 ? type : type[..generic];
            if (generic >= 0)
            {
                var inner = type[(generic + 1)..];
                var first = inner.Split(',', '[', ']').FirstOrDefault(p => p.Contains('+', StringComparison.Ordinal) || p.Contains('<', StringComparison.Ordinal));
                head += "[" + (first ?? inner.Split(',')[0]) + "…]";
            }

            return head.Replace("|", "/", StringComparison.Ordinal);
        }
    }
}
