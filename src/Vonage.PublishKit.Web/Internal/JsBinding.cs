using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>
/// One object of the module (a session or publisher handle) and everything that keeps it: the imported module, the
/// handle's <see cref="IJSObjectReference"/>, the <see cref="DotNetObjectReference{TValue}"/> it calls back, and the
/// operations in flight. Every call into the browser is short and bounded; SDK results arrive through the callbacks.
/// </summary>
internal sealed class JsBinding : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly IJSRuntime _js;
    private readonly WebAdapterOptions _options;
    private readonly string _createFunction;
    private readonly object?[] _createArguments;
    private readonly DotNetObjectReference<JsCallbacks> _callbacks;
    private readonly TaskCompletionSource<bool> _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<IJSObjectReference>? _handle;
    private IJSObjectReference? _module;
    private bool _disposed;

    public JsBinding(IJSRuntime js, WebAdapterOptions options, IJsEventSink sink, string createFunction, params object?[] createArguments)
    {
        _js = js;
        _options = options;
        _createFunction = createFunction;
        _createArguments = createArguments;
        _callbacks = DotNetObjectReference.Create(new JsCallbacks(sink));
    }

    public PendingOperations Operations { get; } = new();

    /// <summary>Gets the handle once it was created, to pass to another handle's call.</summary>
    public IJSObjectReference? CreatedHandle
    {
        get
        {
            lock (_gate)
            {
                return _handle is { Status: TaskStatus.RanToCompletion } handle ? handle.Result : null;
            }
        }
    }

    /// <summary>Starts <paramref name="method"/> on the handle with a new operation id first, and waits for the SDK's answer.</summary>
    public async Task<string?> RunAsync(PublishPhase phase, string method, Action? onCanceled, CancellationToken cancellationToken, params object?[] arguments)
    {
        var handle = await HandleAsync(phase, cancellationToken).ConfigureAwait(false);
        var (id, operation) = Operations.Begin(phase);
        var call = new object?[arguments.Length + 1];
        call[0] = id;
        arguments.CopyTo(call, 1);
        try
        {
            await Translate(phase, handle.InvokeVoidAsync(method, cancellationToken, call).AsTask(), cancellationToken).ConfigureAwait(false);
            return await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Operations.Abandon(id);
            onCanceled?.Invoke();
            throw;
        }
        catch
        {
            Operations.Abandon(id);
            throw;
        }
    }

    /// <summary>Calls <paramref name="method"/> on the handle, if there is one, bounded by the release timeout; never throws.</summary>
    public async Task ReleaseCallAsync(string method, params object?[] arguments)
    {
        if (CreatedHandle is { } handle)
        {
            await BoundedAsync(token => handle.InvokeVoidAsync(method, token, arguments).AsTask()).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<IJSObjectReference>? handle;
        IJSObjectReference? module;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            handle = _handle;
            module = _module;
        }

        _gone.TrySetResult(true);

        Operations.FailAll(static phase => new ObjectDisposedException(nameof(JsBinding), $"The {phase} operation ended: its publisher or session was disposed."));

        // One release timeout for every step together, so a browser that answers none of them costs one bound.
        using var deadline = new CancellationTokenSource(_options.ReleaseTimeout, _options.TimeProvider);
        if (handle is { Status: TaskStatus.RanToCompletion })
        {
            var created = handle.Result;
            await BoundedAsync(token => created.InvokeVoidAsync("dispose", token).AsTask(), deadline.Token).ConfigureAwait(false);
            await BoundedAsync(_ => created.DisposeAsync().AsTask(), deadline.Token).ConfigureAwait(false);
        }

        if (module is not null)
        {
            await BoundedAsync(_ => module.DisposeAsync().AsTask(), deadline.Token).ConfigureAwait(false);
        }

        _callbacks.Dispose();
    }

    private static async Task Translate(PublishPhase phase, Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw WebErrors.InteropTimedOut(phase, exception);
        }
        catch (JSDisconnectedException exception)
        {
            throw WebErrors.CircuitGone(phase, exception);
        }
        catch (JSException exception)
        {
            throw WebErrors.ScriptFailed(phase, exception);
        }
        catch (InvalidOperationException exception)
        {
            // Blazor Server while prerendering: there is no browser to call yet.
            throw WebErrors.CircuitGone(phase, exception);
        }
    }

    private async Task<IJSObjectReference> HandleAsync(PublishPhase phase, CancellationToken cancellationToken)
    {
        Task<IJSObjectReference> handle;
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(JsBinding));
            }

            if (_handle is null or { IsFaulted: true } or { IsCanceled: true })
            {
                // Observed here: every caller may have stopped waiting (canceled, or the binding disposed).
                _handle = CreateAsync(phase);
                _ = _handle.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            handle = _handle;
        }

        // A browser that never creates the handle holds nobody after a dispose, whatever the caller's token.
        var first = await Task.WhenAny(handle, _gone.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first != handle)
        {
            throw new ObjectDisposedException(nameof(JsBinding));
        }

        return await handle.ConfigureAwait(false);
    }

    private async Task<IJSObjectReference> CreateAsync(PublishPhase phase)
    {
        // Not bound by one caller's token: a later caller may wait for the same handle. Blazor bounds the calls.
        IJSObjectReference? module;
        lock (_gate)
        {
            module = _module;
        }

        if (module is null)
        {
            module = await TranslateResult(phase, _js.InvokeAsync<IJSObjectReference>("import", _options.ModulePath).AsTask()).ConfigureAwait(false);
            lock (_gate)
            {
                _module = module;
            }
        }

        var arguments = new object?[_createArguments.Length + 1];
        arguments[0] = _callbacks;
        _createArguments.CopyTo(arguments, 1);
        var handle = await TranslateResult(phase, module.InvokeAsync<IJSObjectReference>(_createFunction, arguments).AsTask()).ConfigureAwait(false);
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
        }

        if (disposed)
        {
            // Disposed while the browser created it: nobody else will release it.
            await BoundedAsync(_ => handle.DisposeAsync().AsTask()).ConfigureAwait(false);
            await BoundedAsync(_ => module.DisposeAsync().AsTask()).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(JsBinding));
        }

        return handle;
    }

    private static async Task<T> TranslateResult<T>(PublishPhase phase, Task<T> call)
    {
        await Translate(phase, call, CancellationToken.None).ConfigureAwait(false);
        return await call.ConfigureAwait(false);
    }

    private Task BoundedAsync(Func<CancellationToken, Task> release) => BoundedAsync(release, CancellationToken.None);

    /// <summary>Runs a release step at most the release timeout (or until <paramref name="deadline"/>); never throws.</summary>
    private async Task BoundedAsync(Func<CancellationToken, Task> release, CancellationToken deadline)
    {
        using var bound = deadline.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(deadline)
            : new CancellationTokenSource(_options.ReleaseTimeout, _options.TimeProvider);
        Task? step = null;
        try
        {
            step = release(bound.Token);
            await step.WaitAsync(Timeout.InfiniteTimeSpan, _options.TimeProvider, bound.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The browser is gone, did not answer in time, or failed in a way of its own: nothing more can be
            // released from here, and a release never throws.
            if (step is { IsCompleted: false })
            {
                _ = step.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }
}
