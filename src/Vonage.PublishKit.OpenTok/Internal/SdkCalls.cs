using System;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// Calls into the SDK, whatever it throws: the reference pages name <c>OpenTokException</c>, but a native wrapper may
/// throw anything (<c>ObjectDisposedException</c>, <c>SEHException</c>, ...), and no such throw may leave a state or a
/// task behind.
/// </summary>
internal static class SdkCalls
{
    /// <summary>Runs <paramref name="call"/>; returns what it threw, or <see langword="null"/>.</summary>
    public static Exception? Try(Action call)
    {
        try
        {
            call();
            return null;
        }
#pragma warning disable CA1031 // The caller turns it into the call's failure.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }

    /// <summary>Runs a cleanup call whose failure changes nothing (the SDK object is gone or going).</summary>
    public static void Quietly(Action call) => _ = Try(call);
}
