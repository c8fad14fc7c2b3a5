using System;

namespace Vonage.PublishKit.OpenTok;

/// <summary>An error the Vonage Video Windows SDK reported, as <see cref="OpenTokOptions.ErrorMapper"/> sees it.</summary>
public sealed class OpenTokError
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="source">Which SDK object reported the error.</param>
    /// <param name="code">The numeric error code, <c>(int)e.ErrorCode</c>, or <see langword="null"/> when the adapter inferred the error.</param>
    /// <param name="name">The error name (<see cref="SdkErrorNames"/>) when the adapter inferred the error; the Windows SDK gives none.</param>
    /// <param name="description">The SDK's description of the error, if any, with anything shaped like a credential redacted.</param>
    /// <param name="phase">The phase in which the error was reported.</param>
    /// <param name="exception">The SDK exception, when the error was thrown rather than raised as an event (see <see cref="Exception"/>).</param>
    public OpenTokError(OpenTokErrorSource source, int? code, string? name, string? description, PublishPhase phase, Exception? exception)
    {
        Source = source;
        Code = code;
        Name = name;
        Description = description;
        Phase = phase;
        Exception = exception;
    }

    /// <summary>Gets which SDK object reported the error.</summary>
    public OpenTokErrorSource Source { get; }

    /// <summary>Gets the numeric error code, <c>(int)e.ErrorCode</c>, or <see langword="null"/> when the adapter inferred the error.</summary>
    public int? Code { get; }

    /// <summary>Gets the error name (<see cref="SdkErrorNames"/>) when the adapter inferred the error (the Windows SDK gives no names).</summary>
    public string? Name { get; }

    /// <summary>Gets the SDK's description of the error, if any, with anything shaped like a credential replaced by <c>[redacted]</c> (<see cref="PublishErrors.RedactSecrets"/>).</summary>
    public string? Description { get; }

    /// <summary>Gets the phase in which the error was reported.</summary>
    public PublishPhase Phase { get; }

    /// <summary>
    /// Gets what the adapter keeps of the SDK exception, when the error was thrown rather than raised as an event: an
    /// exception whose message is <c>"OpenTok.OpenTokException (ErrorCode 1006): "</c> and the SDK's message redacted,
    /// with the SDK exception's stack trace. The <c>OpenTokException</c> itself is not kept, so that no <c>ToString()</c>
    /// repeats a token the SDK echoed. It is the <see cref="Exception.InnerException"/> of the mapped exception.
    /// </summary>
    public Exception? Exception { get; }
}
