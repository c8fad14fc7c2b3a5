#if !NET8_0_OR_GREATER
using System;
using System.Threading;

namespace Vonage.PublishKit.Internal;

/// <summary>The .NET 8 cancellation members the engine uses, for <c>netstandard2.0</c>.</summary>
internal static class CancellationCompat
{
    /// <summary>Registers without capturing the execution context where the runtime can; here it always captures it.</summary>
    public static CancellationTokenRegistration UnsafeRegister(this CancellationToken token, Action<object?> callback, object? state) =>
        token.Register(callback, state);

    /// <summary>Removes the registration; here that waits for a callback already running on another thread.</summary>
    public static bool Unregister(this CancellationTokenRegistration registration)
    {
        registration.Dispose();
        return true;
    }
}
#endif
