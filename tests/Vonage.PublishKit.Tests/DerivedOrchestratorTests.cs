using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests;

/// <summary>
/// The orchestrator as a base class: the protected constructor an app's test double derives from, and the
/// dispose pattern (<c>Dispose(bool)</c>, the finalizer suppressed, the <see cref="ValueTask"/> of an overridden
/// <c>DisposeAsync</c> consumed once and its failure surfaced).
/// </summary>
public class DerivedOrchestratorTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ProtectedConstructor_TestDouble_TakesSubscribersAndDisposes()
    {
        var sut = new TestDouble();
        var changes = 0;
        EventHandler<PublishStateChangedEventArgs> handler = (_, _) => changes++;
        sut.StateChanged += handler;
        sut.Reconnecting += (_, _) => { };
        sut.StateChanged -= handler;

        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Null(sut.CurrentStream);
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task DisposeFalse_AsFromAFinalizer_ReleasesNothing()
    {
        var session = new FakeSession(_time);
        var factory = new FakePublisherFactory(_time);
        await using var sut = new FinalizingOrchestrator(session, factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        sut.DisposeAsFinalizerWould();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Empty(session.Unpublished);
        Assert.Equal(0, factory.LastCreated!.DisposeCount);
    }

    [Fact]
    public void Dispose_OverriddenDisposeAsyncFailsAtOnce_RethrowsItsException()
    {
        var sut = new CustomDisposal(new ValueTask(Task.FromException(new InvalidOperationException("the override failed"))));

        var exception = Assert.Throws<InvalidOperationException>(sut.Dispose);

        Assert.Equal("the override failed", exception.Message);
    }

    [Fact]
    public void Dispose_OverriddenDisposeAsyncCompletedAtOnce_ConsumesItsValueTaskOnce()
    {
        var source = new CompletedSource();
        var sut = new CustomDisposal(new ValueTask(source, 0));

        sut.Dispose();

        Assert.Equal(1, source.Results);
    }

    [Fact]
    public void Dispose_DerivedTypeWithAFinalizer_IsNotFinalizedAfterwards()
    {
        var finalized = new StrongBox<bool>();

        DisposeAndDrop(finalized);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(finalized.Value, "the finalizer of a disposed orchestrator ran");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DisposeAndDrop(StrongBox<bool> finalized) => new FinalizableDouble(finalized).Dispose();

    /// <summary>An app's test double: only the constructor for mocking, nothing overridden.</summary>
    private sealed class TestDouble : PublishOrchestrator;

    private sealed class FinalizingOrchestrator(ISession session, IPublisherFactory factory, PublishOrchestratorOptions options)
        : PublishOrchestrator(session, factory, options)
    {
        public void DisposeAsFinalizerWould() => Dispose(disposing: false);
    }

    /// <summary>A double whose own <c>DisposeAsync</c> replaces the base's.</summary>
    private class CustomDisposal(ValueTask disposal) : PublishOrchestrator
    {
#pragma warning disable CA2215 // Replacing the base's disposal is what these doubles are for.
        public override ValueTask DisposeAsync() => disposal;
#pragma warning restore CA2215
    }

    /// <summary>A double with a finalizer, as a derived type holding a native handle would have.</summary>
    private sealed class FinalizableDouble(StrongBox<bool> finalized) : CustomDisposal(default)
    {
        ~FinalizableDouble() => finalized.Value = true;
    }

    /// <summary>A pooled source already completed, which, as a pooled source would, refuses to be consumed twice.</summary>
    private sealed class CompletedSource : IValueTaskSource
    {
        private int _results;

        public int Results => Volatile.Read(ref _results);

        public ValueTaskSourceStatus GetStatus(short token) => ValueTaskSourceStatus.Succeeded;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) => continuation(state);

        public void GetResult(short token)
        {
            if (Interlocked.Increment(ref _results) > 1)
            {
                throw new InvalidOperationException("the ValueTask was consumed twice");
            }
        }
    }
}
