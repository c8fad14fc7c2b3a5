#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;
using System.Collections.Generic;
using System.Threading;
using OpenTok.Contract;

namespace OpenTok;

// class_open_tok_1_1_video_capturer.txt and class_open_tok_1_1_video_capturer_1_1_video_device.txt. Declared: device
// enumeration, VideoDevice (IDisposable, Name, Id, one CreateVideoCapturer overload) and the two nested enums it takes.

/// <summary>Captures video from one of the cameras available on the system.</summary>
public class VideoCapturer : IVideoCapturer, IDisposable
{
    private int _disposeCount;

    internal VideoCapturer(VideoDevice device)
    {
        Device = device;
    }

    /// <summary>Enumerates common pre-defined video resolutions.</summary>
    public enum Resolution
    {
        /// <summary>320x240 or the closest.</summary>
        Low,

        /// <summary>640x480 or the closest.</summary>
        Medium,

        /// <summary>1280x720 or the closest.</summary>
        High,

        /// <summary>1920x1080 or the closest.</summary>
        High1080p,
    }

    /// <summary>Enumerates common pre-defined video frame rates.</summary>
    public enum FrameRate
    {
        /// <summary>30 frames per second.</summary>
        Fps30 = 30,

        /// <summary>15 frames per second.</summary>
        Fps15 = 15,

        /// <summary>7 frames per second.</summary>
        Fps7 = 7,

        /// <summary>1 frame per second.</summary>
        Fps1 = 1,
    }

    internal VideoDevice Device { get; }

    internal int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <summary>Returns a list of available video devices on the system.</summary>
    /// <returns>The cameras; the SDK may return <see langword="null"/> or an empty list when there are none.</returns>
    public static IList<VideoDevice>? EnumerateDevices() => ContractDevices.EnumerateCameras();

    /// <summary>Disposes of the VideoCapturer object's resources.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the capturer.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => Interlocked.Increment(ref _disposeCount);

    /// <summary>Defines a video device (such as a camera).</summary>
    public class VideoDevice : IDisposable
    {
        private int _disposeCount;

        internal VideoDevice(string? name, string? id)
        {
            Name = name;
            Id = id;
        }

        /// <summary>Gets the name of the device.</summary>
        public string? Name { get; }

        /// <summary>Gets the ID of the device.</summary>
        public string? Id { get; }

        internal int DisposeCount => Volatile.Read(ref _disposeCount);

        /// <summary>Creates a video capturer that uses the provided resolution and frame rate, or the closest available.</summary>
        /// <param name="resolution">The resolution.</param>
        /// <param name="frameRate">The frame rate.</param>
        /// <returns>The VideoCapturer.</returns>
        public VideoCapturer CreateVideoCapturer(Resolution resolution = Resolution.Medium, FrameRate frameRate = FrameRate.Fps30) =>
            ContractDevices.CreateCapturer(this);

        /// <summary>Disposes of the VideoDevice object's resources.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the device.</summary>
        /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing) => Interlocked.Increment(ref _disposeCount);
    }
}
