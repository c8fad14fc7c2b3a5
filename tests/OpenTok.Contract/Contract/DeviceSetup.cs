using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenTok.Contract;

/// <summary>The devices of a <see cref="ContractDevices"/> setup, and what the code under test did with them.</summary>
public sealed class DeviceSetup : IDisposable
{
    internal static readonly DeviceSetup Default = new(["camera 0"], ["microphone 0"], null);

    private readonly object _gate = new();
    private readonly string[] _cameras;
    private readonly string[] _microphones;
    private readonly Exception _failure;
    private readonly List<VideoCapturer.VideoDevice> _enumeratedCameras = [];
    private readonly List<VideoCapturer> _capturers = [];
    private AudioDevice.InputAudioDevice _selected;

    internal DeviceSetup(string[] cameras, string[] microphones, Exception failure)
    {
        _cameras = cameras;
        _microphones = microphones;
        _failure = failure;
    }

    /// <summary>Gets or sets the index of the microphone <c>GetDefaultInputAudioDevice</c> returns (out of range: <see langword="null"/>).</summary>
    public int DefaultMicrophoneIndex { get; set; }

    /// <summary>Gets or sets what <c>SetInputAudioDevice</c> throws, if anything.</summary>
    public Exception SelectMicrophoneFailure { get; set; }

    /// <summary>Gets the name of the microphone <c>SetInputAudioDevice</c> selected last, or <see langword="null"/>.</summary>
    public string SelectedMicrophone
    {
        get
        {
            lock (_gate)
            {
                return _selected?.Name;
            }
        }
    }

    /// <summary>Gets how many cameras were enumerated in all.</summary>
    public int EnumeratedCameraCount
    {
        get
        {
            lock (_gate)
            {
                return _enumeratedCameras.Count;
            }
        }
    }

    /// <summary>Gets how many enumerated cameras are not disposed yet.</summary>
    public int UndisposedCameraCount
    {
        get
        {
            lock (_gate)
            {
                return _enumeratedCameras.Count(d => d.DisposeCount == 0);
            }
        }
    }

    /// <summary>Gets the device name of each capturer created, in order.</summary>
    public IReadOnlyList<string> CapturerDevices
    {
        get
        {
            lock (_gate)
            {
                return _capturers.Select(c => c.Device.Name).ToArray();
            }
        }
    }

    /// <summary>Gets how many created capturers are not disposed yet.</summary>
    public int UndisposedCapturerCount
    {
        get
        {
            lock (_gate)
            {
                return _capturers.Count(c => c.DisposeCount == 0);
            }
        }
    }

    internal DeviceSetup Previous { get; set; }

    /// <summary>Restores the previous setup.</summary>
    public void Dispose() => ContractDevices.Restore(this);

    internal IList<VideoCapturer.VideoDevice> EnumerateCameras()
    {
        var devices = Make(_cameras, static (name, id) => new VideoCapturer.VideoDevice(name, id));
        if (devices is not null)
        {
            lock (_gate)
            {
                _enumeratedCameras.AddRange(devices);
            }
        }

        return devices;
    }

    internal IList<AudioDevice.InputAudioDevice> EnumerateMicrophones() =>
        Make(_microphones, static (name, id) => new AudioDevice.InputAudioDevice(name, id));

    internal AudioDevice.InputAudioDevice DefaultMicrophone()
    {
        var all = EnumerateMicrophones();
        return all is not null && DefaultMicrophoneIndex >= 0 && DefaultMicrophoneIndex < all.Count ? all[DefaultMicrophoneIndex] : null;
    }

    internal void Select(AudioDevice.InputAudioDevice device)
    {
        if (SelectMicrophoneFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            _selected = device;
        }
    }

    internal VideoCapturer CreateCapturer(VideoCapturer.VideoDevice device)
    {
        if (device.DisposeCount > 0)
        {
            throw new ObjectDisposedException(nameof(VideoCapturer.VideoDevice));
        }

        var capturer = new VideoCapturer(device);
        lock (_gate)
        {
            _capturers.Add(capturer);
        }

        return capturer;
    }

    private List<T> Make<T>(string[] names, Func<string, string, T> create)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        return names?.Select(name => create(name, name + "-id")).ToList();
    }
}
