namespace Vonage.PublishKit.Internal;

/// <summary>What one step of a try leads to (<c>AttemptRunner.Step</c>).</summary>
internal enum StepResult
{
    /// <summary>The try goes on with its next step.</summary>
    Next,

    /// <summary>The try waits: parked, or (on the caller's stack) to be moved into a run.</summary>
    Waits,

    /// <summary>The try has its outcome.</summary>
    Ended,
}
