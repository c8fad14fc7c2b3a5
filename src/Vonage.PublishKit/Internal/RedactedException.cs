using System;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Stands in, in a log record, for an exception whose text held something shaped like a credential (an adapter
/// that echoed the token): the same text, type name and stack, with the credential redacted.
/// </summary>
internal sealed class RedactedException(string typeName, string redactedText)
    : Exception($"A {typeName} whose text held a credential; it is redacted.")
{
    /// <summary>Gets the type of the exception this stands in for.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>Returns the original exception's text, redacted.</summary>
    /// <returns>The redacted text.</returns>
    public override string ToString() => redactedText;

    /// <summary>Returns <paramref name="exception"/>, or a redacted stand-in when its text holds a credential.</summary>
    public static Exception? For(Exception? exception)
    {
        if (exception is null or PublishException)
        {
            // A PublishException redacts its own text, inner exceptions included.
            return exception;
        }

        var text = exception.ToString();
        var redacted = SecretRedactor.Redact(text)!;
        return string.Equals(text, redacted, StringComparison.Ordinal) ? exception : new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, redacted);
    }
}
