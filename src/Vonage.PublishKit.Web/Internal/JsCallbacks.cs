using Microsoft.JSInterop;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>The object behind the <see cref="DotNetObjectReference{TValue}"/> that the module calls back.</summary>
internal sealed class JsCallbacks
{
    private readonly IJsEventSink _sink;

    public JsCallbacks(IJsEventSink sink) => _sink = sink;

    [JSInvokable]
    public void Complete(long id, JsError? error, string? value) => _sink.OnCompleted(id, error, value);

    [JSInvokable]
    public void Event(string name, string? reason, JsError? error) => _sink.OnEvent(name, reason, error);
}
