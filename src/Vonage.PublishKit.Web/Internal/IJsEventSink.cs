namespace Vonage.PublishKit.Web.Internal;

/// <summary>What receives the module's callbacks: a session or a publisher.</summary>
internal interface IJsEventSink
{
    /// <summary>An operation started by a call into the module ended.</summary>
    void OnCompleted(long id, JsError? error, string? value);

    /// <summary>The SDK raised an event: its name, its reason (or the stream id of <c>streamCreated</c>), and its error if any.</summary>
    void OnEvent(string name, string? reason, JsError? error);
}
