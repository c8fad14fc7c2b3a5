using System;
using System.Text.RegularExpressions;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Removes anything shaped like a credential from text an SDK wrote, before it becomes part of a message, a
/// log or a tag: an SDK that echoes the token it was given must not leak it through us.
/// </summary>
internal static class SecretRedactor
{
    public const string Placeholder = "[redacted]";

    // OpenTok tokens ("T1==" + base64), JWTs (Vonage Video's newer tokens), a "token=..." pair, and any long
    // unbroken base64 or hex run (keys, secrets, tokens of a shape we do not know yet; without '/', so that the
    // file paths of a stack trace survive).
    private static readonly Regex Secrets = new(
        @"T1==[A-Za-z0-9+/=_%-]*"
        + @"|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?"
        + @"|(?<=\btoken[""']?\s*[:=]\s*[""']?)[^\s""'&,;]+"
        + @"|[A-Za-z0-9+=]{32,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromMilliseconds(200));

    /// <summary>Returns <paramref name="text"/> with every credential-shaped part replaced by <see cref="Placeholder"/>.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        try
        {
            return Secrets.Replace(text, Placeholder);
        }
        catch (RegexMatchTimeoutException)
        {
            // Text so hostile that it cannot be scanned in time is dropped whole.
            return Placeholder;
        }
    }
}
