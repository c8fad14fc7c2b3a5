using System;
using System.Collections.Generic;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>A snapshot of <see cref="OpenTokOptions"/>, so later changes have no effect, and the one way SDK errors become typed exceptions.</summary>
internal sealed class AdapterSettings
{
    public AdapterSettings(OpenTokOptions? options)
    {
        options ??= new OpenTokOptions();
        ErrorMapper = options.ErrorMapper;
        CheckDevices = options.CheckDevicesBeforeInitialize;
        SelectInputAudioDevice = options.SelectInputAudioDevice;
        ConfigurePublisher = options.ConfigurePublisher;
        ConnectionLostErrorCodes = new HashSet<int>(options.ConnectionLostErrorCodes ?? []);
        UnexpectedStreamDestroyedReason = options.UnexpectedStreamDestroyedReason;
        UnexpectedDisconnectReason = options.UnexpectedDisconnectReason;
    }

    public Func<OpenTokError, PublishException?>? ErrorMapper { get; }

    public bool CheckDevices { get; }

    public bool SelectInputAudioDevice { get; }

    public Action<Publisher.Builder>? ConfigurePublisher { get; }

    public HashSet<int> ConnectionLostErrorCodes { get; }

    public StreamDestroyedReason UnexpectedStreamDestroyedReason { get; }

    public DisconnectReason UnexpectedDisconnectReason { get; }

    /// <summary>
    /// The user's mapping, else the core's: by the name <see cref="ErrorCodeNames"/> gives a Windows code, else by number.
    /// SDK text is redacted before anyone sees it, the user's mapper included; a mapper that throws counts as no mapping.
    /// </summary>
    public PublishException Map(OpenTokErrorSource source, int? code, string? name, string? description, PublishPhase phase, Exception? exception = null)
    {
        description = PublishErrors.RedactSecrets(description);
        if (ErrorMapper is { } mapper)
        {
            PublishException? custom = null;
            try
            {
                custom = mapper(new OpenTokError(source, code, name, description, phase, exception));
            }
#pragma warning disable CA1031 // The mapper is the app's code, called on the SDK's thread: its failure must not become ours.
            catch (Exception)
#pragma warning restore CA1031
            {
                custom = null;
            }

            if (custom is not null)
            {
                return custom;
            }
        }

        return PublishErrors.FromSdkError(code, name ?? ErrorCodeNames.For(code), description, phase, exception);
    }

    /// <summary>
    /// Maps an exception thrown by a synchronous SDK call, by its code; anything but an <c>OpenTokException</c> is an
    /// unknown failure. The SDK's exception itself does not travel on (<see cref="SanitizedSdkException"/>); a
    /// <see cref="PublishException"/> (ours) is returned as is.
    /// </summary>
    public PublishException Map(OpenTokErrorSource source, Exception exception, PublishPhase phase) => exception switch
    {
        PublishException ours => ours,
        OpenTokException sdk => Map(source, (int)sdk.ErrorCode, null, sdk.Message, phase, SanitizedSdkException.From(sdk)),
        _ => Map(source, null, null, exception.Message, phase, SanitizedSdkException.From(exception)),
    };
}
