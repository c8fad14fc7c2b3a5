using System.Collections.Generic;
using OpenTok.Contract;

namespace OpenTok;

/// <summary>The SDK's audio device. Only microphone enumeration is declared.</summary>
public class AudioDevice
{
    internal AudioDevice()
    {
    }

    /// <summary>Lists the microphones.</summary>
    /// <returns>The microphones; the real SDK may return <see langword="null"/> or an empty list when there are none.</returns>
    public static IList<InputAudioDevice> EnumerateInputAudioDevices() => ContractDevices.EnumerateMicrophones();

    /// <summary>A microphone.</summary>
    public class InputAudioDevice
    {
        internal InputAudioDevice()
        {
        }
    }
}
