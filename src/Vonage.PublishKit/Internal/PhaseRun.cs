using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// One phase of a try, from its seam call until it settles: the seam's task, the phase's span and start, then
/// its duration, or its failure (a <see cref="PublishException"/> or an <see cref="OperationCanceledException"/>).
/// A value in the try's state: a phase costs no allocation of its own.
/// </summary>
internal struct PhaseRun
{
    /// <summary>The seam's task, or <see langword="null"/> for a phase that did not run (a session connected before).</summary>
    public Task? Task;

    public Activity? Activity;

    public long Started;

    public TimeSpan Elapsed;

    public Exception? Failure;

    public bool Settled;

    /// <summary>Whether a pending try is woken by the task's completion (hooked once per task).</summary>
    public bool Watched;

    /// <summary>Gets a value indicating whether the phase is waited for and its seam has not completed yet.</summary>
    public readonly bool IsWaiting => !Settled && Task is { IsCompleted: false };
}
