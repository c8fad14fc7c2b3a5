using System;
using System.Collections.Generic;
using OpenTok;

namespace Vonage.PublishKit.OpenTok.Internal;

/// <summary>
/// The devices a publisher is built with: the pre-flight (a missing camera or microphone fails fast), the microphone
/// selected with <c>AudioDevice.SetInputAudioDevice</c> as every official sample does, and, when
/// <see cref="PublisherSettings.Camera"/> names one, a capturer for that camera. Every <c>VideoDevice</c> enumerated is
/// disposed, except the chosen camera's, which lives as long as its capturer (this instance) does.
/// </summary>
internal sealed class DeviceSelection : IDisposable
{
    private VideoCapturer.VideoDevice? _camera;

    private DeviceSelection(VideoCapturer.VideoDevice? camera, VideoCapturer? capturer)
    {
        _camera = camera;
        Capturer = capturer;
    }

    /// <summary>Gets the capturer for the camera the settings name, or <see langword="null"/> for the SDK's default camera.</summary>
    public VideoCapturer? Capturer { get; private set; }

    /// <summary>Checks and selects the devices. Throws a <see cref="PublishException"/> or an <c>OpenTokException</c>.</summary>
    public static DeviceSelection Select(AdapterSettings settings, PublisherSettings publisher)
    {
        if (publisher.PublishAudio)
        {
            SelectMicrophone(settings, publisher.Microphone);
        }

        if (!publisher.PublishVideo || (!settings.CheckDevices && publisher.Camera is null))
        {
            return new DeviceSelection(null, null);
        }

        var cameras = VideoCapturer.EnumerateDevices();
        VideoCapturer.VideoDevice? chosen = null;
        try
        {
            if (cameras is not { Count: > 0 })
            {
                throw NotFound("No camera was found.");
            }

            if (publisher.Camera is not { } wanted)
            {
                return new DeviceSelection(null, null);
            }

            chosen = Find(cameras, wanted, static d => d?.Id, static d => d?.Name) ?? throw NotFound("The camera that PublisherSettings.Camera names was not found.");
            return new DeviceSelection(chosen, chosen.CreateVideoCapturer());
        }
        catch
        {
            chosen = null;
            throw;
        }
        finally
        {
            DisposeAllBut(cameras, chosen);
        }
    }

    /// <summary>Disposes the capturer, then its camera (the samples dispose the publisher first, then the capturer).</summary>
    public void Dispose()
    {
        var (capturer, camera) = (Capturer, _camera);
        (Capturer, _camera) = (null, null);
        DisposeQuietly(capturer);
        DisposeQuietly(camera);
    }

    private static void SelectMicrophone(AdapterSettings settings, string? wanted)
    {
        if (!settings.CheckDevices && !settings.SelectInputAudioDevice && wanted is null)
        {
            return;
        }

        var microphones = AudioDevice.EnumerateInputAudioDevices();
        if (microphones is not { Count: > 0 })
        {
            if (settings.CheckDevices || wanted is not null)
            {
                throw NotFound("No microphone was found.");
            }

            // Without the pre-flight or a named microphone there is nothing to select: the SDK decides.
            return;
        }

        AudioDevice.InputAudioDevice? chosen;
        if (wanted is not null)
        {
            chosen = Find(microphones, wanted, static d => d?.Id, static d => d?.Name) ?? throw NotFound("The microphone that PublisherSettings.Microphone names was not found.");
        }
        else if (settings.SelectInputAudioDevice)
        {
            chosen = AudioDevice.GetDefaultInputAudioDevice() ?? First(microphones);
        }
        else
        {
            return;
        }

        if (chosen is not null)
        {
            AudioDevice.SetInputAudioDevice(chosen);
        }
    }

    private static T? Find<T>(IList<T> devices, string wanted, Func<T?, string?> id, Func<T?, string?> name)
        where T : class
    {
        foreach (var device in devices)
        {
            if (device is not null && string.Equals(id(device), wanted, StringComparison.Ordinal))
            {
                return device;
            }
        }

        foreach (var device in devices)
        {
            if (device is not null && string.Equals(name(device), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return device;
            }
        }

        return null;
    }

    private static T? First<T>(IList<T> devices)
        where T : class
    {
        foreach (var device in devices)
        {
            if (device is not null)
            {
                return device;
            }
        }

        return null;
    }

    private static PublishException NotFound(string description) =>
        PublishErrors.FromSdkError(null, SdkErrorNames.NoDevicesFound, description, PublishPhase.Initialize);

    private static void DisposeAllBut(IList<VideoCapturer.VideoDevice>? devices, VideoCapturer.VideoDevice? kept)
    {
        if (devices is null)
        {
            return;
        }

        foreach (var device in devices)
        {
            if (!ReferenceEquals(device, kept))
            {
                DisposeQuietly(device);
            }
        }
    }

    private static void DisposeQuietly(IDisposable? disposable)
    {
        if (disposable is not null)
        {
            SdkCalls.Quietly(disposable.Dispose);
        }
    }
}
