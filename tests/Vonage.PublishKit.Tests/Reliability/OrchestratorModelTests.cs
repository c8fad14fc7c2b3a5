using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Randomized model-based testing in virtual time: each case draws the seams' latencies and outcomes, the
/// options, and a script of caller actions and SDK events at random moments, runs it, and checks every
/// invariant of the architecture. The app's collaborators misbehave too: publishers whose disposal is slow or
/// never completes and whose members throw, token providers that hang or throw, telemetry listeners and
/// handlers that throw, and handlers that call back into the orchestrator. A failure names the seed that
/// reproduces it.
/// </summary>
public class OrchestratorModelTests(ITestOutputHelper output)
{
    // PUBLISHKIT_MODEL_CASES lowers the count where every test run counts, as under mutation testing.
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("PUBLISHKIT_MODEL_CASES"), out var cases) ? cases : 10_000;

    private static Action<string>? Trace { get; set; }

    private static readonly string[] ListenerTargets =
    [
        "start:Vonage.PublishKit.Publish", "stop:Vonage.PublishKit.Publish", "start:Vonage.PublishKit.Attempt", "stop:Vonage.PublishKit.PublishStream",
        "sample:Vonage.PublishKit.Publish", "measure:vonage.publishkit.publish.duration", "measure:vonage.publishkit.phase.duration",
        "measure:vonage.publishkit.attempts", "measure:vonage.publishkit.failures", "measure:vonage.publishkit.retries",
        "measure:vonage.publishkit.streams.lost", "measure:vonage.publishkit.republishes",
    ];

    private enum Step
    {
        Publish,
        PublishCanceledLater,
        Unpublish,
        Dispose,
        LoseStream,
        SessionDrops,
        Reconnect,
    }

    [Fact]
    public async Task RandomCases_KeepEveryInvariant()
    {
        InlineContinuations.Enable();
        var unobserved = 0;
        var unobservedExceptions = new ConcurrentQueue<string>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(x => x is PublishException || x.StackTrace?.Contains("Vonage.PublishKit", StringComparison.Ordinal) == true))
            {
                Interlocked.Increment(ref unobserved);
                unobservedExceptions.Enqueue(e.Exception.ToString());
            }
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            // PUBLISHKIT_MODEL_SEED=N runs that case alone and prints its script.
            var only = int.TryParse(Environment.GetEnvironmentVariable("PUBLISHKIT_MODEL_SEED"), out var chosen) ? chosen : (int?)null;
            Trace = only is null ? null : output.WriteLine;
            for (var seed = only ?? 1; seed <= (only ?? Cases); seed++)
            {
                try
                {
                    await RunCaseAsync(seed);
                }
                catch (Exception exception)
                {
                    output.WriteLine($"Reproduce with: PUBLISHKIT_MODEL_SEED={seed} dotnet test --filter RandomCases_KeepEveryInvariant");
                    throw new InvalidOperationException($"Model case with seed {seed} failed: {exception.Message}", exception);
                }
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
            Trace = null;
        }

        Assert.True(unobserved == 0, $"{unobserved} unobserved task exceptions, the first: {unobservedExceptions.FirstOrDefault()}");
    }

    private static async Task RunCaseAsync(int seed)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider();
        var session = new FakeSession(time);
        var factory = new HostileFactory(time);
        Script(random, session, factory);
        var releaseTimeout = TimeSpan.FromMilliseconds(random.Next(100, 2_000));
        // Its own generator: publishers are created at moments the schedule decides, and the steps' draws must not shift.
        var misbehaviour = new Random(seed);
        factory.Configure = publisher => Misbehave(misbehaviour, publisher, releaseTimeout);
        using var listeners = random.Next(8) == 0 ? Hostile(new ThrowingListeners(), ListenerTargets[random.Next(ListenerTargets.Length)]) : null;
        var options = new PublishOrchestratorOptions
        {
            TimeProvider = time,
            InitializeTimeout = TimeSpan.FromMilliseconds(random.Next(100, 2_000)),
            ConnectTimeout = TimeSpan.FromMilliseconds(random.Next(100, 2_000)),
            PublishTimeout = TimeSpan.FromMilliseconds(random.Next(100, 2_000)),
            Retry = random.Next(3) == 0 ? null : new PublishRetryOptions { MaxRetryAttempts = random.Next(1, 3), BaseDelay = TimeSpan.FromMilliseconds(random.Next(1, 300)), UseJitter = random.Next(2) == 0 },
            RepublishAfterNetworkLoss = random.Next(2) == 0,
            ReleaseTimeout = releaseTimeout,
            TokenProvider = DrawTokenProvider(random),
            MeterFactory = listeners?.MeterFactory,
        };
        var sut = new PublishOrchestrator(session, factory, options, random.Next(8) == 0 ? new ThrowingLogger() : null);

        var events = new ConcurrentQueue<string>();
        var disposed = 0;
        var afterDispose = 0;
        sut.StateChanged += (_, e) =>
        {
            if (Volatile.Read(ref disposed) == 1)
            {
                Interlocked.Increment(ref afterDispose);
            }

            if (e.State == PublishState.Disposed)
            {
                Volatile.Write(ref disposed, 1);
            }
        };
        sut.NetworkDisconnected += (_, _) => Count(ref afterDispose, disposed, events, "lost");
        sut.Republished += (_, _) => Count(ref afterDispose, disposed, events, "republished");
        sut.RepublishFailed += (_, _) => Count(ref afterDispose, disposed, events, "gave-up");
        if (random.Next(4) == 0)
        {
            sut.StateChanged += (_, _) => throw new InvalidOperationException("a buggy handler");
            sut.NetworkDisconnected += (_, _) => throw new InvalidOperationException("a buggy handler");
        }

        var calls = new ConcurrentQueue<Task>();
        var pending = new ConcurrentQueue<Task>();
        CallBackFromHandlers(random, sut, calls, pending);
        var cancellations = new List<CancellationTokenSource>();
        for (var i = random.Next(1, 7); i > 0; i--)
        {
            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 1_500)));
            await Task.Yield();
            var step = (Step)random.Next(7);
            Trace?.Invoke($"t={time.GetUtcNow():ss.fff} step {step} state {sut.State} created {factory.Created.Count}");
            switch (step)
            {
                case Step.Publish:
                    calls.Enqueue(TryPublish(sut, CancellationToken.None));
                    break;
                case Step.PublishCanceledLater:
                    var cts = new CancellationTokenSource();
                    cancellations.Add(cts);
                    calls.Enqueue(TryPublish(sut, cts.Token));
                    time.CreateTimer(_ => cts.Cancel(), null, TimeSpan.FromMilliseconds(random.Next(0, 1_000)), Timeout.InfiniteTimeSpan);
                    break;
                case Step.Unpublish:
                    pending.Enqueue(TryUnpublish(sut));
                    break;
                case Step.Dispose:
                    pending.Enqueue(sut.DisposeAsync().AsTask());
                    break;
                case Step.LoseStream when factory.LastCreated is { } publisher:
                    publisher.RaiseStreamDestroyed((StreamDestroyedReason)random.Next(6));
                    break;
                case Step.SessionDrops:
                    session.RaiseDisconnected((DisconnectReason)random.Next(6));
                    break;
                case Step.Reconnect:
                    session.RaiseReconnecting();
                    if (random.Next(2) == 0)
                    {
                        session.RaiseReconnected();
                    }

                    break;
            }
        }

        // Let every phase, timeout, backoff and republish run out, then check the settled state. Work that resumes
        // on the thread pool (a try let in by the camera gate) may arm its timers late: keep stepping until settled,
        // within a real-time bound.
        var clock = Stopwatch.StartNew();
        for (var i = 0; (i < 200 || clock.Elapsed < Bounded.Limit) && !(calls.Concat(pending).All(t => t.IsCompleted) && Invariants.IsSettled(sut, factory)); i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Trace?.Invoke($"settle: state {sut.State}, calls [{string.Join(",", calls.Select(c => c.Status))}], pending [{string.Join(",", pending.Select(c => c.Status))}], counts [{string.Join(",", factory.Created.Select(p => p.DisposeCount))}]");
        await Task.WhenAll(calls.Concat(pending)).OrTimeout();
        Assert.True(Invariants.IsSettled(sut, factory), $"unsettled: state {sut.State}, dispose counts [{string.Join(",", factory.Created.Select(p => p.DisposeCount))}]");

        // Disposing waits (in virtual time) at most ReleaseTimeout for a session that never confirms the unpublish.
        var dispose = sut.DisposeAsync().AsTask();
        clock.Restart();
        for (var i = 0; (i < 100 || clock.Elapsed < Bounded.Limit) && !dispose.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await dispose.OrTimeout();
        Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.True(factory.Camera.MostAtOnce <= 1, $"{factory.Camera.MostAtOnce} publishers held the camera at once");
        Assert.Equal(PublishState.Disposed, sut.State);
        session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        session.RaiseReconnecting();
        Assert.Equal(0, afterDispose);
        foreach (var cts in cancellations)
        {
            cts.Dispose();
        }
    }

    private static void Count(ref int afterDispose, int disposed, ConcurrentQueue<string> events, string name)
    {
        events.Enqueue(name);
        if (Volatile.Read(ref disposed) == 1)
        {
            Interlocked.Increment(ref afterDispose);
        }
    }

    private static ThrowingListeners Hostile(ThrowingListeners listeners, string target)
    {
        var name = target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..];
        switch (target[..target.IndexOf(':', StringComparison.Ordinal)])
        {
            case "start": listeners.ThrowOnStart = name; break;
            case "stop": listeners.ThrowOnStop = name; break;
            case "sample": listeners.ThrowOnSample = name; break;
            default: listeners.ThrowOnMeasurement = name; break;
        }

        return listeners;
    }

    /// <summary>Draws how a new publisher misbehaves: a slow (within the bound) or endless disposal, throwing members.</summary>
    private static void Misbehave(Random random, HostilePublisher publisher, TimeSpan releaseTimeout)
    {
        publisher.Disposal = random.Next(12) switch
        {
            0 or 1 => DisposeBehavior.Slowly,
            2 => DisposeBehavior.Never,
            _ => DisposeBehavior.AtOnce,
        };
        publisher.SlowDisposal = TimeSpan.FromMilliseconds(random.Next(1, (int)releaseTimeout.TotalMilliseconds));
        publisher.StreamIdThrows = random.Next(16) == 0;
        publisher.RemoveThrows = random.Next(12) == 0;
        publisher.AddThrows = random.Next(24) == 0;
    }

    private static Func<CancellationToken, ValueTask<string>>? DrawTokenProvider(Random random) => random.Next(6) switch
    {
        0 => static _ => new ValueTask<string>("fresh-token"),
        1 => static _ => new ValueTask<string>(new TaskCompletionSource<string>().Task),
        2 => static _ => throw new InvalidOperationException("a broken token provider"),
        _ => null,
    };

    /// <summary>Sometimes subscribes handlers that publish, unpublish or dispose from inside the orchestrator's events, a few times at most.</summary>
    private static void CallBackFromHandlers(Random random, PublishOrchestrator sut, ConcurrentQueue<Task> calls, ConcurrentQueue<Task> pending)
    {
        var budget = 2;
        void Act(int action)
        {
            if (Interlocked.Decrement(ref budget) < 0)
            {
                return;
            }

            switch (action)
            {
                case 0:
                    calls.Enqueue(TryPublish(sut, CancellationToken.None));
                    break;
                case 1:
                    pending.Enqueue(TryUnpublish(sut));
                    break;
                default:
                    pending.Enqueue(sut.DisposeAsync().AsTask());
                    break;
            }
        }

        switch (random.Next(6))
        {
            case 0:
                var onLoss = random.Next(3);
                sut.NetworkDisconnected += (_, _) => Act(onLoss);
                break;
            case 1:
                var onIdle = random.Next(3);
                sut.StateChanged += (_, e) =>
                {
                    if (e.State == PublishState.Idle)
                    {
                        Act(onIdle);
                    }
                };
                break;
            case 2:
                var onPublished = random.Next(1, 3);
                sut.StateChanged += (_, e) =>
                {
                    if (e.State == PublishState.Published)
                    {
                        Act(onPublished);
                    }
                };
                break;
        }
    }

    /// <summary>Draws, for the first tries, what each seam call does, then a default for the rest.</summary>
    private static void Script(Random random, FakeSession session, FakePublisherFactory factory)
    {
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            factory.Initialize.Enqueue(Draw(random, allowDeviceErrors: true));
            session.Connect.Enqueue(Draw(random, allowDeviceErrors: false));
            session.Publish.Enqueue(Draw(random, allowDeviceErrors: false));
        }

        factory.Initialize.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(random.Next(0, 400)));
        session.Connect.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(random.Next(0, 400)));
        session.Publish.Default = FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(random.Next(0, 400)));
        session.Unpublish.Default = random.Next(5) == 0 ? FakeOutcome.Hang() : FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(random.Next(0, 200)));
    }

    private static FakeOutcome Draw(Random random, bool allowDeviceErrors)
    {
        var delay = TimeSpan.FromMilliseconds(random.Next(0, 600));
        return random.Next(8) switch
        {
            0 => FakeOutcome.Hang(),
            1 => FakeOutcome.Fail(PublishErrorKind.NotConnected).After(delay),
            2 => FakeOutcome.Fail(PublishErrorKind.PeerConnectionFailed).After(delay),
            3 => FakeOutcome.Fail(allowDeviceErrors ? PublishErrorKind.AccessDenied : PublishErrorKind.AuthenticationFailed).After(delay),
            4 => FakeOutcome.Fail(new InvalidOperationException("adapter bug")).After(delay),
            _ => FakeOutcome.Succeed().After(delay),
        };
    }

    /// <summary>A call has exactly one outcome: a stream, a typed failure, a cancellation, or a synchronous refusal.</summary>
    private static async Task TryPublish(PublishOrchestrator sut, CancellationToken cancellationToken)
    {
        Task<PublishedStream> task;
        try
        {
            task = sut.PublishAsync("secret-token", cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            return;
        }

        await Invariants.OneOutcome(task);
    }

    private static async Task TryUnpublish(PublishOrchestrator sut)
    {
        try
        {
            await sut.UnpublishAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
