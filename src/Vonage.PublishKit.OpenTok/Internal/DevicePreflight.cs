using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>Lists the devices before a publisher is built, so a missing camera or microphone fails fast.</summary>
internal static class DevicePreflight
{
    public static void Check(AdapterSettings settings, bool needCamera, bool needMicrophone)
    {
        try
        {
            if (needCamera && VideoCapturer.EnumerateDevices() is not { Count: > 0 })
            {
                throw PublishErrors.FromSdkError(null, SdkErrorNames.NoDevicesFound, "No camera was found.", PublishPhase.Initialize);
            }

            if (needMicrophone && AudioDevice.EnumerateInputAudioDevices() is not { Count: > 0 })
            {
                throw PublishErrors.FromSdkError(null, SdkErrorNames.NoDevicesFound, "No microphone was found.", PublishPhase.Initialize);
            }
        }
        catch (OpenTokException exception)
        {
            throw settings.Map(OpenTokErrorSource.Publisher, exception, PublishPhase.Initialize);
        }
    }
}
