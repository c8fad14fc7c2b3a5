using System;
using System.Collections.Generic;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>A snapshot of <see cref="OpenTokOptions"/>, so later changes have no effect.</summary>
internal sealed class AdapterSettings
{
    public AdapterSettings(OpenTokOptions? options)
    {
        options ??= new OpenTokOptions();
        ErrorMapper = options.ErrorMapper;
        CheckDevices = options.CheckDevicesBeforeInitialize;
        ConfigurePublisher = options.ConfigurePublisher;
        ConnectionLostErrorCodes = new HashSet<int>(options.ConnectionLostErrorCodes ?? []);
        UnexpectedStreamDestroyedReason = options.UnexpectedStreamDestroyedReason;
        UnexpectedDisconnectReason = options.UnexpectedDisconnectReason;
    }

    public Func<OpenTokError, PublishException?>? ErrorMapper { get; }

    public bool CheckDevices { get; }

    public Action<Publisher.Builder>? ConfigurePublisher { get; }

    public HashSet<int> ConnectionLostErrorCodes { get; }

    public StreamDestroyedReason UnexpectedStreamDestroyedReason { get; }

    public DisconnectReason UnexpectedDisconnectReason { get; }

    /// <summary>The one way SDK errors become typed exceptions: the user's mapping, else the core's, by numeric code.</summary>
    public PublishException Map(OpenTokErrorSource source, int? code, string? name, string? description, PublishPhase phase, Exception? exception = null)
    {
        if (ErrorMapper is { } mapper && mapper(new OpenTokError(source, code, name, description, phase, exception)) is { } custom)
        {
            return custom;
        }

        return PublishErrors.FromSdkError(code, name, description, phase, exception);
    }

    /// <summary>Maps an exception thrown by a synchronous SDK call.</summary>
    public PublishException Map(OpenTokErrorSource source, OpenTokException exception, PublishPhase phase) =>
        Map(source, (int)exception.ErrorCode, null, exception.Message, phase, exception);
}
