using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.JSInterop;

namespace Vonage.PublishKit.Web.Internal;

/// <summary>
/// OpenTok.js's errors mapped deliberately by name. Names the core knows go through
/// <see cref="PublishErrors.FromSdkError"/> unchanged; the web-only ones get the kind this table gives, because
/// the core's fallback by code would misread them (OpenTok.js uses 1500 for many device failures, 2001 for any HTTP trouble).
/// </summary>
internal static class WebErrors
{
    /// <summary>The module's own name for "the global OT is missing".</summary>
    public const string SdkNotLoaded = "PUBLISHKIT_SDK_NOT_LOADED";

    public const string HowToLoad =
        "Load OpenTok.js before publishing: add <script src=\"https://static.opentok.com/v2/js/opentok.min.js\"></script> to the page, "
        + "or install the npm package @opentok/client and serve its dist/js/opentok.min.js from the app (see docs/web.md).";

    // Names that are not in the core's vocabulary, each with the kind a caller reacts to and its transience.
    private static readonly Dictionary<string, (PublishErrorKind Kind, bool IsTransient)> WebOnly = new(StringComparer.Ordinal)
    {
        // Devices: the SDK could not capture, whatever the numeric code says.
        ["OT_UNABLE_TO_CAPTURE_MEDIA"] = (PublishErrorKind.DeviceUnavailable, false),
        ["OT_CONSTRAINTS_NOT_SATISFIED"] = (PublishErrorKind.DeviceUnavailable, false),
        ["OT_NO_VALID_CONSTRAINTS"] = (PublishErrorKind.DeviceUnavailable, false),
        ["OT_CHROME_MICROPHONE_ACQUISITION_ERROR"] = (PublishErrorKind.DeviceUnavailable, false),
        ["OT_MEDIA_ENDED"] = (PublishErrorKind.DeviceUnavailable, false),
        ["OT_PERMISSION_DENIED"] = (PublishErrorKind.AccessDenied, false),
        ["OT_REQUESTED_DEVICE_PERMISSION_DENIED"] = (PublishErrorKind.AccessDenied, false),

        // The network: the API host or the messaging socket failed (measured: 403, 404 and 500 all give 2001).
        ["OT_INVALID_HTTP_STATUS"] = (PublishErrorKind.NotConnected, true),
        ["OT_XDOMAIN_OR_PARSING_ERROR"] = (PublishErrorKind.NotConnected, true),
        ["OT_EMPTY_RESPONSE_BODY"] = (PublishErrorKind.NotConnected, true),
        ["OT_HTTP_ERROR"] = (PublishErrorKind.NotConnected, true),
        ["OT_UNKNOWN_HTTP_ERROR"] = (PublishErrorKind.NotConnected, true),
        ["OT_UNEXPECTED_HTTP_STATUS"] = (PublishErrorKind.NotConnected, true),
        ["OT_DISCONNECTED"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_FALLBACK_CODE"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_CONNECTIVITY_LOSS"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_TIMEOUT"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_GOING_AWAY"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_CONNECT_EXCEPTION"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_NO_STATUS"] = (PublishErrorKind.NotConnected, true),
        ["OT_SOCKET_CLOSE_UNEXPECTED_CONDITION"] = (PublishErrorKind.NotConnected, true),

        // Media routes.
        ["OT_STREAM_CREATE_FAILED"] = (PublishErrorKind.PeerConnectionFailed, true),
        ["OT_PEER_CONNECTION_NOT_CONNECTED"] = (PublishErrorKind.PeerConnectionFailed, true),
        ["OT_SET_REMOTE_DESCRIPTION_FAILED"] = (PublishErrorKind.PeerConnectionFailed, true),

        // Refused by the service: retrying at once does not help.
        ["OT_CONNECTION_LIMIT_EXCEEDED"] = (PublishErrorKind.ConnectionRejected, false),
        ["OT_STREAM_LIMIT_EXCEEDED"] = (PublishErrorKind.ConnectionRejected, false),
        ["OT_RATE_LIMIT_EXCEEDED"] = (PublishErrorKind.ConnectionRejected, false),
        ["OT_TERMS_OF_SERVICE_FAILURE"] = (PublishErrorKind.ConnectionRejected, false),

        // The app's own mistakes or an unsupported browser: nothing heals them.
        ["OT_INVALID_PARAMETER"] = (PublishErrorKind.Unknown, false),
        ["OT_INVALID_VIDEO_SOURCE"] = (PublishErrorKind.Unknown, false),
        ["OT_INVALID_ENCRYPTION_SECRET"] = (PublishErrorKind.Unknown, false),
        ["OT_UNSUPPORTED_BROWSER"] = (PublishErrorKind.Unknown, false),
        ["OT_NOT_SUPPORTED"] = (PublishErrorKind.Unknown, false),
        ["OT_BADLY_FORMED_RESPONSE"] = (PublishErrorKind.Unknown, true),
        ["OT_UNEXPECTED_SERVER_RESPONSE"] = (PublishErrorKind.Unknown, true),
    };

    /// <summary>Gets the names this table maps besides the core's, for the documentation test.</summary>
    public static IEnumerable<string> WebOnlyNames => WebOnly.Keys;

    public static PublishException Map(JsError error, PublishPhase phase)
    {
        if (string.Equals(error.Name, SdkNotLoaded, StringComparison.Ordinal))
        {
            return SdkMissing(phase);
        }

        if (error.Name is { } name && WebOnly.TryGetValue(name, out var entry))
        {
            return Create(entry.Kind, entry.IsTransient, phase, error.Code, name, error.Message, inner: null);
        }

        // The core's names (OT_USER_MEDIA_ACCESS_DENIED, OT_NO_DEVICES_FOUND, OT_CONNECT_FAILED, ...) and, for an
        // unknown name, its reading of the code: 1004 authentication, 1006 connect failed, 1010 not connected.
        var mapped = PublishErrors.FromSdkError(error.Code, error.Name, error.Message, phase);

        // An unknown name with OpenTok.js's 1500 is not an access denial: on the web 1500 is any publisher failure.
        return error.Name is not null && mapped is AccessDeniedException && !IsCoreName(error.Name)
            ? Create(PublishErrorKind.Unknown, isTransient: false, phase, error.Code, error.Name, error.Message, inner: null)
            : mapped;
    }

    public static PublishException SdkMissing(PublishPhase phase) => new(
        "OpenTok.js is not loaded: the global OT is undefined. " + HowToLoad,
        PublishErrorKind.Unknown,
        phase,
        sdkErrorCode: null,
        sdkErrorName: null,
        isTransient: false,
        userMessage: null,
        innerException: null);

    /// <summary>The browser went away (the circuit closed) while an operation was starting: nothing can complete it.</summary>
    public static PublishException CircuitGone(PublishPhase phase, Exception inner) =>
        new("The browser is gone: the Blazor circuit disconnected (JSDisconnectedException).", PublishErrorKind.Unknown, phase, null, null, isTransient: false, null, inner);

    /// <summary>The module itself threw: a bug or a page that broke it. The script's text may echo what the app passed, so it is redacted.</summary>
    public static PublishException ScriptFailed(PublishPhase phase, JSException inner) =>
        new("The PublishKit module failed in the browser: " + PublishErrors.RedactSecrets(inner.Message), PublishErrorKind.Unknown, phase, null, null, isTransient: false, null, inner);

    /// <summary>A call into the module that Blazor itself timed out (its JS interop call timeout, not the orchestrator's).</summary>
    public static PublishException InteropTimedOut(PublishPhase phase, Exception inner)
    {
        var kind = phase switch
        {
            PublishPhase.Initialize => PublishErrorKind.DeviceUnavailable,
            PublishPhase.Connect => PublishErrorKind.NotConnected,
            _ => PublishErrorKind.PeerConnectionFailed,
        };
        return Create(kind, kind != PublishErrorKind.DeviceUnavailable, phase, null, null, "The JS interop call timed out", inner);
    }

    private static bool IsCoreName(string name) => name is SdkErrorNames.UserMediaAccessDenied or SdkErrorNames.HardwareUnavailable
        or SdkErrorNames.NoDevicesFound or SdkErrorNames.NotConnected or SdkErrorNames.ConnectFailed or SdkErrorNames.CreatePeerConnectionFailed
        or SdkErrorNames.IceWorkflowFailed or SdkErrorNames.AuthenticationError or SdkErrorNames.InvalidSessionId or SdkErrorNames.Timeout;

    private static PublishException Create(PublishErrorKind kind, bool isTransient, PublishPhase phase, int? code, string? name, string? description, Exception? inner)
    {
        var message = Describe(kind, code, name, description);
        return kind switch
        {
            PublishErrorKind.AccessDenied => new AccessDeniedException(message, phase, code, name, null, inner),
            PublishErrorKind.DeviceUnavailable => new DeviceUnavailableException(message, phase, code, name, null, inner),
            PublishErrorKind.NotConnected => new NotConnectedException(message, phase, code, name, null, inner),
            PublishErrorKind.PeerConnectionFailed => new PeerConnectionFailedException(message, phase, code, name, null, inner),
            _ => new PublishException(message, kind, phase, code, name, isTransient, null, inner),
        };
    }

    private static string Describe(PublishErrorKind kind, int? code, string? name, string? description)
    {
        var builder = new StringBuilder("OpenTok.js reported a ").Append(kind switch
        {
            PublishErrorKind.AccessDenied => "camera or microphone access denial",
            PublishErrorKind.DeviceUnavailable => "camera or microphone failure",
            PublishErrorKind.NotConnected => "connection failure",
            PublishErrorKind.PeerConnectionFailed => "media connection failure",
            PublishErrorKind.ConnectionRejected => "refusal by the service",
            _ => "failure",
        });
        builder.Append(':');
        if (code is { } c)
        {
            builder.Append(' ').Append(c.ToString(CultureInfo.InvariantCulture));
        }

        if (name is not null)
        {
            builder.Append(' ').Append(name);
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            builder.Append(": ").Append(PublishErrors.RedactSecrets(description!.Trim().TrimEnd('.', ':')));
        }

        return builder.Append('.').ToString();
    }
}
