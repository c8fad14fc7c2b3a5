namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// The Windows SDK codes (<c>OpenTok.ErrorCode</c>, 2.23 reference) that the core's numeric mapping does not type as they
/// mean on Windows, named in the core's vocabulary so that <see cref="PublishErrors.FromSdkError"/> types them. Every other
/// code maps by number in the core; docs/opentok.md has the whole table and ErrorCodeTableTests covers every member.
/// </summary>
/// <remarks>By number, not by member name: a newer SDK may rename members, not the native numbers.</remarks>
internal static class ErrorCodeNames
{
    /// <summary><c>ConnectionTimedOut</c>.</summary>
    public const int ConnectionTimedOut = 1542;

    /// <summary><c>SessionStateFailed</c>.</summary>
    public const int SessionStateFailed = 1020;

    /// <summary><c>SessionIllegalState</c>.</summary>
    public const int SessionIllegalState = 1015;

    /// <summary><c>PublisherCannotAccessCamera</c>.</summary>
    public const int CannotAccessCamera = 1650;

    /// <summary><c>PublisherCameraAccessDenied</c>.</summary>
    public const int CameraAccessDenied = 1670;

    /// <summary><c>PublisherUnexpectedPeerConnectionDisconnection</c>: a failed publish before the stream exists, a lost stream after.</summary>
    public const int UnexpectedPeerConnectionDisconnection = 1710;

    /// <summary><c>VideoCaptureFailed</c>.</summary>
    public const int VideoCaptureFailed = 3000;

    /// <summary><c>CameraFailed</c>.</summary>
    public const int CameraFailed = 3010;

    /// <summary>The name that types <paramref name="code"/>, or <see langword="null"/> to map it by number.</summary>
    public static string? For(int? code) => code switch
    {
        CannotAccessCamera or VideoCaptureFailed or CameraFailed => SdkErrorNames.HardwareUnavailable,
        CameraAccessDenied => SdkErrorNames.UserMediaAccessDenied,
        UnexpectedPeerConnectionDisconnection => SdkErrorNames.CreatePeerConnectionFailed,
        ConnectionTimedOut or SessionStateFailed or SessionIllegalState => SdkErrorNames.ConnectFailed,
        _ => null,
    };
}
