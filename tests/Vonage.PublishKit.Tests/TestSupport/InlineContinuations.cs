using System.Threading;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// xUnit runs async tests under its own <see cref="SynchronizationContext"/>, on which the runtime refuses to
/// run continuations inline, so work that a <c>FakeTimeProvider.Advance</c> completes (Polly's backoff delays,
/// timeouts) would resume later on the thread pool. Without the context it resumes inside <c>Advance</c>, and
/// a test can step virtual time and assert right after.
/// </summary>
internal static class InlineContinuations
{
    public static void Enable() => SynchronizationContext.SetSynchronizationContext(null);
}
