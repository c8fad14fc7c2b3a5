using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web.Tests.TestSupport;

/// <summary>A JS object in the fake browser: the imported module, or a session or publisher handle it created.</summary>
internal sealed class FakeJsObject : IJSObjectReference
{
    private readonly FakeJsRuntime _runtime;

    public FakeJsObject(FakeJsRuntime runtime, string kind, DotNetObjectReference<JsCallbacks>? callbacks, object?[] createArgs)
    {
        _runtime = runtime;
        Kind = kind;
        Callbacks = callbacks;
        CreateArgs = createArgs;
    }

    public string Kind { get; }

    public object?[] CreateArgs { get; }

    public DotNetObjectReference<JsCallbacks>? Callbacks { get; }

    public int DisposeCount { get; private set; }

    public List<FakeJsCall> Calls { get; } = [];

    public IEnumerable<string> Methods => Calls.Select(c => c.Method);

    public FakeJsCall Last(string method) => Calls.Last(c => c.Method == method);

    /// <summary>The SDK answers the last <paramref name="method"/> call, as the module's <c>complete</c> does.</summary>
    public void Complete(string method, JsError? error = null, string? value = null) =>
        Callbacks!.Value.Complete(Last(method).OperationId, error, value);

    /// <summary>The SDK raises an event, as the module's <c>event</c> does.</summary>
    public void Raise(string name, string? reason = null, JsError? error = null) => Callbacks!.Value.Event(name, reason, error);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        _runtime.Dispatch<TValue>(new FakeJsCall(this, identifier, args ?? [], cancellationToken));

    public ValueTask DisposeAsync()
    {
        DisposeCount++;
        return _runtime.DisposeBehavior(this);
    }
}
