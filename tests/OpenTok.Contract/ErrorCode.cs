namespace OpenTok;

/// <summary>
/// The SDK's error codes. The real enum's member names are unknown (see docs/opentok.md), so this stand-in
/// deliberately declares none: code that compiles against it can only use the numeric values, as
/// <c>(int)e.ErrorCode</c>, which is what the adapter must do.
/// </summary>
public enum ErrorCode
{
}
