using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.JSInterop;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web.Tests.TestSupport;

/// <summary>
/// A browser for the adapter's C# side: it imports the module, creates handles, records every call, and answers the
/// SDK operations the test chose (<see cref="Answer"/>); others stay pending, like a connect the SDK never answers.
/// </summary>
internal sealed class FakeJsRuntime : IJSRuntime
{
    private readonly Dictionary<string, (JsError? Error, string? Value)> _answers = new(StringComparer.Ordinal);

    public const string BothDevices = """{"audioInputs":1,"videoInputs":1}""";

    public List<FakeJsObject> Objects { get; } = [];

    public List<string> Imports { get; } = [];

    /// <summary>Gets or sets a failure for every call into the browser (for example <see cref="JSDisconnectedException"/>).</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gets or sets the methods whose interop call itself never returns, until its token is canceled.</summary>
    public HashSet<string> Hanging { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether disposing a JS object reference never completes.</summary>
    public bool HangOnDispose { get; set; }

    public IEnumerable<FakeJsObject> Sessions => Objects.Where(o => o.Kind == "createSession");

    public IEnumerable<FakeJsObject> Publishers => Objects.Where(o => o.Kind == "createPublisher");

    public FakeJsObject Session => Sessions.Single();

    public FakeJsObject Publisher => Publishers.Last();

    public IEnumerable<FakeJsObject> Modules => Objects.Where(o => o.Kind == "module");

    /// <summary>The SDK answers every later <paramref name="method"/> call at once with this error or value.</summary>
    public FakeJsRuntime Answer(string method, JsError? error = null, string? value = null)
    {
        _answers[method] = (error, value);
        return this;
    }

    /// <summary>The SDK no longer answers <paramref name="method"/>: its operations stay pending.</summary>
    public FakeJsRuntime Silence(string method)
    {
        _answers.Remove(method);
        return this;
    }

    /// <summary>A browser whose SDK lists both devices, initializes, connects and publishes at once.</summary>
    public FakeJsRuntime AnswerEverything() =>
        Answer("devices", value: BothDevices).Answer("init").Answer("connect").Answer("publish", value: "stream-1");

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
    {
        if (Failure is { } failure)
        {
            return ValueTask.FromException<TValue>(failure);
        }

        if (identifier != "import")
        {
            throw new InvalidOperationException($"Unexpected global call {identifier}.");
        }

        Imports.Add((string)args![0]!);
        if (Hanging.Contains("import"))
        {
            return new ValueTask<TValue>(new TaskCompletionSource<TValue>().Task);
        }

        var module = new FakeJsObject(this, "module", null, args);
        Objects.Add(module);
        return ValueTask.FromResult((TValue)(object)module);
    }

    internal ValueTask<TValue> Dispatch<TValue>(FakeJsCall call)
    {
        call.Target.Calls.Add(call);
        if (Failure is { } failure)
        {
            return ValueTask.FromException<TValue>(failure);
        }

        if (call.Target.Kind == "module")
        {
            var handle = new FakeJsObject(this, call.Method, (DotNetObjectReference<JsCallbacks>)call.Args[0]!, call.Args);
            Objects.Add(handle);
            return ValueTask.FromResult((TValue)(object)handle);
        }

        if (Hanging.Contains(call.Method))
        {
            // Like Blazor's pending interop call: only its token ends it.
            var pending = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            call.CancellationToken.Register(() => pending.TrySetCanceled(call.CancellationToken));
            return new ValueTask<TValue>(pending.Task);
        }

        if (_answers.TryGetValue(call.Method, out var answer) && call.Args.Length > 0 && call.Args[0] is long id)
        {
            // After the interop call returned, as the module's callback would come.
            _ = Task.Run(() => call.Target.Callbacks!.Value.Complete(id, answer.Error, answer.Value));
        }

        return ValueTask.FromResult(default(TValue)!);
    }

    internal ValueTask DisposeBehavior(FakeJsObject target)
    {
        if (Failure is { } failure)
        {
            return ValueTask.FromException(failure);
        }

        return HangOnDispose ? new ValueTask(Task.Delay(Timeout.Infinite)) : ValueTask.CompletedTask;
    }
}
