using System;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>Stands in for a callback-style SDK (OT.initPublisher, session.connect) that reports success at once.</summary>
public static class CallbackSdk
{
    public static void Call(Action<Exception?> completion) => completion(null);
}
