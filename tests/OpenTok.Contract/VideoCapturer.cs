using System.Collections.Generic;
using OpenTok.Contract;

namespace OpenTok;

/// <summary>The SDK's camera capturer. Only device enumeration is declared.</summary>
public class VideoCapturer
{
    internal VideoCapturer()
    {
    }

    /// <summary>Lists the cameras.</summary>
    /// <returns>The cameras; the real SDK may return <see langword="null"/> or an empty list when there are none.</returns>
    public static IList<VideoDevice> EnumerateDevices() => ContractDevices.EnumerateCameras();

    /// <summary>A camera.</summary>
    public class VideoDevice
    {
        internal VideoDevice()
        {
        }
    }
}
