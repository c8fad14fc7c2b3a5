using System;

namespace OpenTok;

/// <summary>The exception the SDK's synchronous calls throw.</summary>
public class OpenTokException : Exception
{
    /// <summary>Initializes a new instance. (The real SDK's constructors are unknown; the adapter never calls one.)</summary>
    /// <param name="message">The message.</param>
    /// <param name="errorCode">The error code.</param>
    public OpenTokException(string message, ErrorCode errorCode)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Gets the error code.</summary>
    public ErrorCode ErrorCode { get; }
}
