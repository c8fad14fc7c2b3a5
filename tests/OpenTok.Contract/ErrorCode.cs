#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

namespace OpenTok;

// namespace_open_tok.txt: enum ErrorCode : int, every member with its number (three share 2000).

/// <summary>Defines error code values for OpenTokException objects.</summary>
public enum ErrorCode : int
{
    /// <summary>An unknown error.</summary>
    UnknownError = -1,

    /// <summary>A generic SDK error.</summary>
    GenericSDKError = 1,

    /// <summary>Authorization failure (API key or token).</summary>
    AuthorizationFailure = 1004,

    /// <summary>Invalid session id.</summary>
    InvalidSessionId = 1005,

    /// <summary>The connection failed.</summary>
    ConnectionFailed = 1006,

    /// <summary>No messaging server.</summary>
    NoMessagingServer = 1503,

    /// <summary>The connection was refused.</summary>
    ConnectionRefused = 1023,

    /// <summary>The session state failed.</summary>
    SessionStateFailed = 1020,

    /// <summary>A peer-to-peer session is full.</summary>
    P2PSessionMaxParticipants = 1403,

    /// <summary>The session connection timed out.</summary>
    SessionConnectionTimeout = 1021,

    /// <summary>A session internal error.</summary>
    SessionInternalError = 2000,

    /// <summary>Invalid signal type.</summary>
    SessionInvalidSignalType = 1461,

    /// <summary>Signal data too long.</summary>
    SessionSignalDataTooLong = 1413,

    /// <summary>Signal type too long.</summary>
    SessionSignalTypeTooLong = 1414,

    /// <summary>The connection dropped.</summary>
    ConnectionDropped = 1022,

    /// <summary>The session is disconnected.</summary>
    SessionDisconnected = 1010,

    /// <summary>A publisher internal error.</summary>
    PublisherInternalError = 2000,

    /// <summary>A publisher WebRTC error.</summary>
    PublisherWebRTCError = 1610,

    /// <summary>The publisher is unable to publish.</summary>
    PublisherUnableToPublish = 1500,

    /// <summary>The publisher's peer connection disconnected unexpectedly.</summary>
    PublisherUnexpectedPeerConnectionDisconnection = 1710,

    /// <summary>The publisher cannot access the camera.</summary>
    PublisherCannotAccessCamera = 1650,

    /// <summary>Camera access was denied.</summary>
    PublisherCameraAccessDenied = 1670,

    /// <summary>The connection timed out.</summary>
    ConnectionTimedOut = 1542,

    /// <summary>A subscriber WebRTC error.</summary>
    SubscriberWebRTCError = 1600,

    /// <summary>The server cannot find the stream.</summary>
    SubscriberServerCannotFindStream = 1604,

    /// <summary>The stream limit was exceeded.</summary>
    SubscriberStreamLimitExceeded = 1605,

    /// <summary>A subscriber internal error.</summary>
    SubscriberInternalError = 2000,

    /// <summary>Unknown publisher instance.</summary>
    UnknownPublisherInstance = 2003,

    /// <summary>Unknown subscriber instance.</summary>
    UnknownSubscriberInstance = 2004,

    /// <summary>A null or invalid parameter.</summary>
    SessionNullOrInvalidParameter = 1011,

    /// <summary>Video capture failed.</summary>
    VideoCaptureFailed = 3000,

    /// <summary>The camera failed.</summary>
    CameraFailed = 3010,

    /// <summary>Video rendering failed.</summary>
    VideoRenderFailed = 4000,

    /// <summary>Subscriber not found.</summary>
    SessionSubscriberNotFound = 1112,

    /// <summary>Publisher not found.</summary>
    SessionPublisherNotFound = 1113,

    /// <summary>The publisher timed out.</summary>
    PublisherTimeout = 1541,

    /// <summary>The client is in a blocked country.</summary>
    SessionBlockedCountry = 1026,

    /// <summary>The connection limit was exceeded.</summary>
    SessionConnectionLimitExceeded = 1027,

    /// <summary>Unexpected session info response.</summary>
    SessionUnexpectedGetSessionInfoResponse = 2001,

    /// <summary>The session is in an illegal state.</summary>
    SessionIllegalState = 1015,

    /// <summary>Unable to force mute.</summary>
    SessionUnableToForceMute = 1540,
}
