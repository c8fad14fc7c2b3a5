#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System.Collections.Generic;
using OpenTok.Contract;

namespace OpenTok;

// class_open_tok_1_1_audio_device.txt and class_open_tok_1_1_audio_device_1_1_input_audio_device.txt. Declared: the
// input devices (enumerate, default, select).

/// <summary>Sets the audio devices used by publishers and subscribers.</summary>
public class AudioDevice
{
    internal AudioDevice()
    {
    }

    /// <summary>Returns a list of available audio input devices on the system.</summary>
    /// <returns>The microphones; the SDK may return <see langword="null"/> or an empty list when there are none (samples check both).</returns>
    public static IList<InputAudioDevice>? EnumerateInputAudioDevices() => ContractDevices.EnumerateMicrophones();

    /// <summary>Sets the input audio device to be used.</summary>
    /// <param name="device">The selected device.</param>
    public static void SetInputAudioDevice(InputAudioDevice device) => ContractDevices.SelectMicrophone(device);

    /// <summary>Gets the system default audio input device.</summary>
    /// <returns>The default device.</returns>
    public static InputAudioDevice? GetDefaultInputAudioDevice() => ContractDevices.DefaultMicrophone();

    /// <summary>Represents an input audio device (such as a microphone).</summary>
    public class InputAudioDevice
    {
        internal InputAudioDevice(string? name, string? id)
        {
            Name = name;
            Id = id;
        }

        /// <summary>Gets the name of the device.</summary>
        public string? Name { get; }

        /// <summary>Gets the ID of the device.</summary>
        public string? Id { get; }

        /// <inheritdoc/>
        public override string ToString() => Name ?? string.Empty;
    }
}
