using System;
using System.Collections.Generic;
using System.Threading;

namespace OpenTok.Contract;

/// <summary>
/// What <see cref="VideoCapturer.EnumerateDevices"/> and <see cref="AudioDevice.EnumerateInputAudioDevices"/> return
/// in the current asynchronous flow (so parallel tests do not see each other's devices). By default: one camera and one
/// microphone.
/// </summary>
public static class ContractDevices
{
    private static readonly AsyncLocal<Setup> Current = new();

    /// <summary>Makes the enumerations return this many devices (a negative count returns <see langword="null"/>) until the result is disposed.</summary>
    /// <param name="cameras">The number of cameras.</param>
    /// <param name="microphones">The number of microphones.</param>
    /// <returns>Restores the previous setup when disposed.</returns>
    public static IDisposable Use(int cameras, int microphones) => Push(new Setup(cameras, microphones, null));

    /// <summary>Makes the enumerations throw until the result is disposed.</summary>
    /// <param name="exception">The exception to throw, typically an <see cref="OpenTokException"/>.</param>
    /// <returns>Restores the previous setup when disposed.</returns>
    public static IDisposable Throw(Exception exception) => Push(new Setup(1, 1, exception));

    internal static IList<VideoCapturer.VideoDevice> EnumerateCameras()
    {
        var setup = Current.Value ?? Setup.Default;
        return setup.Failure is { } failure ? throw failure : Make(setup.Cameras, () => new VideoCapturer.VideoDevice());
    }

    internal static IList<AudioDevice.InputAudioDevice> EnumerateMicrophones()
    {
        var setup = Current.Value ?? Setup.Default;
        return setup.Failure is { } failure ? throw failure : Make(setup.Microphones, () => new AudioDevice.InputAudioDevice());
    }

    private static List<T> Make<T>(int count, Func<T> create)
    {
        if (count < 0)
        {
            return null;
        }

        var list = new List<T>();
        for (var i = 0; i < count; i++)
        {
            list.Add(create());
        }

        return list;
    }

    private static Restore Push(Setup setup)
    {
        var previous = Current.Value;
        Current.Value = setup;
        return new Restore(previous);
    }

    private sealed class Setup(int cameras, int microphones, Exception failure)
    {
        public static readonly Setup Default = new(1, 1, null);

        public int Cameras { get; } = cameras;

        public int Microphones { get; } = microphones;

        public Exception Failure { get; } = failure;
    }

    private sealed class Restore(Setup previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
