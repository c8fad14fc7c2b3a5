#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;

namespace OpenTok;

// class_open_tok_1_1_open_tok_exception.txt: one constructor, ErrorCode a public field.

/// <summary>Defines errors thrown by the OpenTok Windows SDK.</summary>
public class OpenTokException : Exception
{
    /// <summary>The error code.</summary>
    public ErrorCode ErrorCode;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="errorMessage">The message.</param>
    public OpenTokException(string errorMessage)
        : base(errorMessage)
    {
    }
}
