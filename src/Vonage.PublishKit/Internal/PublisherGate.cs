using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// One camera at a time: a try enters before it creates its publisher, and that publisher's release (disposed,
/// or abandoned after <see cref="PublishOrchestratorOptions.ReleaseTimeout"/>) exits. Whoever starts the next
/// publish (the caller, a handler, a republish), its publisher waits until the last one is gone, because a
/// real device still held by the old publisher fails the new one as "in use".
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore's wait handle is never asked for, so it holds nothing to release.")]
internal sealed class PublisherGate
{
    private readonly SemaphoreSlim _free = new(1, 1);

    /// <summary>Waits until no publisher is alive, then counts the caller's as alive.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _free.WaitAsync(cancellationToken);

    /// <summary>Counts the caller's publisher as alive if none is; <see langword="false"/> (the caller then waits) otherwise.</summary>
    public bool TryEnter() => _free.Wait(0);

    /// <summary>Marks the publisher of the last <see cref="EnterAsync"/> or <see cref="TryEnter"/> released.</summary>
    public void Exit() => _free.Release();
}
