using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Polly;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// A try that has to wait, and the task the pipeline awaits for it. It is created only then (a try whose seams
/// have completed runs on the caller's stack and allocates nothing), and it waits without an async layer per
/// phase: one wake, hooked once to each seam task it waits for, to the try's stop, and to one timer re-armed for
/// the nearest phase timeout. Each wake makes the runner look at the whole try again, so a spurious one costs a look.
/// </summary>
internal sealed class TryRun : IValueTaskSource<Outcome<PublishedStream>>
{
    // No timer takes a longer due time; a phase timeout beyond it is re-armed when it fires.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private static readonly ContextCallback AdvanceInContext = static state => ((TryRun)state!).Advance();

    private readonly AttemptRunner _runner;
    private readonly TimeProvider _timeProvider;
    private readonly Action _wake;

    // Resumed where the try started, as an await would: the caller's async locals and the attempt's span.
    private readonly ExecutionContext? _context;
    private ManualResetValueTaskSourceCore<Outcome<PublishedStream>> _completion;
    private ITimer? _timer;
    private int _parked;
    private volatile bool _timerFired;

    // The thread arming the timer while it does (0 otherwise), and whether the timer fired inside that arming.
    private volatile int _armingThread;
    private bool _firedWhileArming;

    // Whether the look in progress was made for a fire inside an arming (only the runner reads or writes it).
    private bool _lookForInlineFire;

    public TryRun(AttemptRunner runner, TimeProvider timeProvider, in TryState state)
    {
        _runner = runner;
        _timeProvider = timeProvider;
        State = state;
        _wake = Wake;
        _context = ExecutionContext.Capture();
    }

    /// <summary>The try's state, moved here from the caller's stack; only the runner changes it, one wake at a time.</summary>
    public TryState State;

    /// <summary>Runs the try on from where the caller's stack left it, and returns its outcome as the pipeline awaits it.</summary>
    public ValueTask<Outcome<PublishedStream>> Start()
    {
        State.Attempt.PendingTry = this;
        Advance();
        return new ValueTask<Outcome<PublishedStream>>(this, _completion.Version);
    }

    /// <summary>Looks at the try again if it is parked: a seam completed, the timer fired, or the try was stopped.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _parked, 0) == 0)
        {
            return;
        }

        if (_context is null)
        {
            Advance();
        }
        else
        {
            ExecutionContext.Run(_context, AdvanceInContext, this);
        }
    }

    /// <summary>
    /// Parks the try until the next wake; <see langword="false"/> when something it waits for happened meanwhile
    /// (the runner looks again at once). <paramref name="phases"/>: the wait is for phases, which the stop and
    /// the timer end (<paramref name="nearest"/>: the time left before the nearest timeout, <see cref="TimeSpan.MaxValue"/>
    /// for none); otherwise only for <see cref="TryState.Waiting"/>, which ends by itself.
    /// </summary>
    public bool Park(ref TryState state, bool phases, TimeSpan nearest)
    {
        Watch(ref state.Initialize);
        Watch(ref state.Connect);
        Watch(ref state.Publish);
        if (!state.WaitingWatched && state.Waiting is { IsCompleted: false } waiting)
        {
            // Stryker disable once Boolean : a task hooked again only wakes the try once more; a wake that finds it not parked returns, one that finds it parked costs a look.
            state.WaitingWatched = true;
            waiting.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wake);
        }

        if (phases)
        {
            // A fire of an earlier arming says nothing about this wait: left set, a wait with no timeout would
            // find it at every look and never park.
            _timerFired = false;
            if (nearest != TimeSpan.MaxValue)
            {
                // Armed before the try parks: a timer that fires first is seen below, never lost.
                Arm(nearest);
            }
        }

        Interlocked.Exchange(ref _parked, 1);
        if (!ReadyToLook(ref state, phases))
        {
            return true;
        }

        // Taken back unless a wake took it first (then that wake runs the try on).
        return Interlocked.Exchange(ref _parked, 0) == 0;
    }

    public Outcome<PublishedStream> GetResult(short token) => _completion.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    private static bool Completed(in PhaseRun run) => !run.Settled && run.Task is { IsCompleted: true };

    private void Advance()
    {
        if (!_runner.AdvanceTry(ref State, this))
        {
            return;
        }

        try
        {
            _timer?.Dispose();
        }
        catch (Exception)
        {
            // The app's timer loses its own disposal; thrown here it would escape into the waking thread (a timer's
            // or a seam's), and the pipeline would never get the try's outcome.
        }

        _completion.SetResult(State.Outcome);
    }

    /// <summary>Arms the one timer for the time left before the nearest timeout, creating it the first time.</summary>
    private void Arm(TimeSpan nearest)
    {
        // Stryker disable once Equality : at nearest == MaxTimerDue both arms are the same value.
        var due = nearest < MaxTimerDue ? nearest : MaxTimerDue;
        _armingThread = Environment.CurrentManagedThreadId;
        try
        {
            if (_timer is null)
            {
                _timer = _timeProvider.CreateTimer(static run => ((TryRun)run!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
        finally
        {
            _armingThread = 0;
        }

        TakeInlineFire();
    }

    /// <summary>
    /// A fire inside its own arming (a clock that moved as the timer was armed, or a broken one) gets one look: the
    /// clock then says whether the timeout passed. One that comes again at the arming after that look is ignored,
    /// or the try would look, park, re-arm and so on forever without time passing.
    /// </summary>
    private void TakeInlineFire()
    {
        if (!_firedWhileArming)
        {
            _lookForInlineFire = false;
            return;
        }

        _firedWhileArming = false;
        _lookForInlineFire = !_lookForInlineFire;
        if (_lookForInlineFire)
        {
            _timerFired = true;
        }
    }

    private void OnTimer()
    {
        // Inside its own arming the try is not parked: Park takes the fire when the arming returns.
        if (_armingThread == Environment.CurrentManagedThreadId)
        {
            _firedWhileArming = true;
            return;
        }

        _timerFired = true;
        Wake();
    }

    private void Watch(ref PhaseRun run)
    {
        // Stryker disable once Logical : only re-hooks a task already watched; a second hook only wakes the try once more, which costs a look.
        if (!run.Watched && !run.Settled && run.Task is { IsCompleted: false } task)
        {
            // Stryker disable once Boolean : a task hooked again only wakes the try once more; a wake that finds it not parked returns, one that finds it parked costs a look.
            run.Watched = true;
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wake);
        }
    }

    private bool ReadyToLook(ref TryState state, bool phases) =>
        (phases && (_timerFired || state.Cancellation.IsCancellationRequested))
        || Completed(state.Initialize) || Completed(state.Connect) || Completed(state.Publish)
        || state.Waiting is { IsCompleted: true };
}
