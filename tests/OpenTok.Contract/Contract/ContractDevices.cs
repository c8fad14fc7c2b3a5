using System;
using System.Collections.Generic;
using System.Threading;

namespace OpenTok.Contract;

/// <summary>
/// What <see cref="VideoCapturer.EnumerateDevices"/>, <see cref="AudioDevice.EnumerateInputAudioDevices"/> and
/// <see cref="AudioDevice.GetDefaultInputAudioDevice"/> return in the current asynchronous flow (so parallel tests do
/// not see each other's devices), and what <see cref="AudioDevice.SetInputAudioDevice"/> selected. By default: one
/// camera and one microphone.
/// </summary>
public static class ContractDevices
{
    private static readonly AsyncLocal<DeviceSetup> Current = new();

    /// <summary>Makes the enumerations return this many devices (a negative count returns <see langword="null"/>) until the result is disposed.</summary>
    /// <param name="cameras">The number of cameras, named "camera 0", "camera 1", ...</param>
    /// <param name="microphones">The number of microphones, named "microphone 0", ...</param>
    /// <returns>The setup: what was enumerated and selected; restores the previous setup when disposed.</returns>
    public static DeviceSetup Use(int cameras, int microphones) => Push(new DeviceSetup(Names("camera", cameras), Names("microphone", microphones), null));

    /// <summary>Makes the enumerations return devices with these names (ids are the names with "-id" appended).</summary>
    /// <param name="cameras">The cameras' names.</param>
    /// <param name="microphones">The microphones' names.</param>
    /// <returns>The setup; restores the previous setup when disposed.</returns>
    public static DeviceSetup Use(string[] cameras, string[] microphones) => Push(new DeviceSetup(cameras, microphones, null));

    /// <summary>Makes the enumerations throw until the result is disposed.</summary>
    /// <param name="exception">The exception to throw, typically an <see cref="OpenTokException"/>.</param>
    /// <returns>The setup; restores the previous setup when disposed.</returns>
    public static DeviceSetup Throw(Exception exception) => Push(new DeviceSetup(Names("camera", 1), Names("microphone", 1), exception));

    internal static IList<VideoCapturer.VideoDevice> EnumerateCameras() => Setup.EnumerateCameras();

    internal static IList<AudioDevice.InputAudioDevice> EnumerateMicrophones() => Setup.EnumerateMicrophones();

    internal static AudioDevice.InputAudioDevice DefaultMicrophone() => Setup.DefaultMicrophone();

    internal static void SelectMicrophone(AudioDevice.InputAudioDevice device) => Setup.Select(device);

    internal static VideoCapturer CreateCapturer(VideoCapturer.VideoDevice device) => Setup.CreateCapturer(device);

    private static DeviceSetup Setup => Current.Value ?? DeviceSetup.Default;

    private static string[] Names(string kind, int count)
    {
        if (count < 0)
        {
            return null;
        }

        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = kind + " " + i;
        }

        return names;
    }

    private static DeviceSetup Push(DeviceSetup setup)
    {
        setup.Previous = Current.Value;
        Current.Value = setup;
        return setup;
    }

    internal static void Restore(DeviceSetup setup) => Current.Value = setup.Previous;
}
