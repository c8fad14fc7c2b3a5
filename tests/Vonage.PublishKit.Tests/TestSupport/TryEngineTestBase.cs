using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>The virtual clock, scripted seams and options every try engine test starts from, fresh per test.</summary>
/// <remarks>
/// A base class, so the tests read the fixture by its plain names. Public because xUnit's test classes are; the
/// members are private protected because <see cref="ScriptedSeams"/> is internal.
/// </remarks>
public abstract class TryEngineTestBase
{
    private protected static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private protected readonly FakeTimeProvider _time = new();
    private protected readonly ScriptedSeams _seams = new();

    // No retries unless a test turns them on: a test is about one try unless it says otherwise.
    private protected PublishOrchestratorOptions Options(TimeProvider? clock = null) => new() { TimeProvider = clock ?? _time, Retry = null };

    private protected Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);
}
