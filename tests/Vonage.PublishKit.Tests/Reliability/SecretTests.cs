using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// The token is a secret: through every scenario, with retries and a republish, it appears in no log record,
/// exception message or ToString(), span tag or event, and no event argument.
/// </summary>
public sealed class SecretTests : IDisposable
{
    private const string Secret = "T1==c2VjcmV0LXNlc3Npb24tdG9rZW4tZG8tbm90LWxlYWs=";

    private readonly ConcurrentQueue<string> _seen = new();
    private readonly ActivityListener _listener;

    public SecretTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PublishKitTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _seen.Enqueue(activity.DisplayName + " " + activity.StatusDescription);
                foreach (var tag in activity.TagObjects)
                {
                    _seen.Enqueue($"{tag.Key}={tag.Value}");
                }

                foreach (var e in activity.Events)
                {
                    _seen.Enqueue(e.Name + string.Concat(e.Tags.Select(t => $"{t.Key}={t.Value}")));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public static TheoryData<string> Scenarios => new(PublishScenarios.Names);

    public void Dispose() => _listener.Dispose();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_NeverShowsTheToken(string name)
    {
        InlineContinuations.Enable();
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.Create(name, time);
        var logger = new FakeLogger<PublishOrchestrator>();
        var options = new PublishOrchestratorOptions { RepublishAfterNetworkLoss = true, TokenProvider = _ => new ValueTask<string>(Secret) };
        await using var sut = scenario.CreateOrchestrator(options, logger);
        sut.StateChanged += (_, e) => Record(e);
        sut.NetworkDisconnected += (_, e) => Record(e);
        sut.Retrying += (_, e) => Record(e);
        sut.Republished += (_, e) => Record(e);
        sut.RepublishFailed += (_, e) => Record(e);

        var publish = sut.PublishAsync(Secret);
        for (var i = 0; i < 400 && !publish.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        try
        {
            var stream = await publish.OrTimeout();
            Record(stream);
            time.Advance(PublishScenarios.StreamLifetime);
        }
        catch (PublishException exception)
        {
            Record(exception);
            _seen.Enqueue(exception.ToString());
        }

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        foreach (var record in logger.Collector.GetSnapshot())
        {
            _seen.Enqueue(record.Message);
            _seen.Enqueue(string.Join(";", record.StructuredState?.Select(kv => kv.Value) ?? []));
            _seen.Enqueue(record.Exception?.ToString() ?? string.Empty);
        }

        Assert.NotEmpty(_seen);
        Assert.All(_seen, text => Assert.DoesNotContain(Secret, text, StringComparison.Ordinal));
    }

    /// <summary>Every public property of an event argument or result, as a string.</summary>
    private void Record(object value)
    {
        _seen.Enqueue(value.ToString() ?? string.Empty);
        foreach (var property in value.GetType().GetProperties())
        {
            _seen.Enqueue($"{property.Name}={property.GetValue(value)}");
        }
    }
}
