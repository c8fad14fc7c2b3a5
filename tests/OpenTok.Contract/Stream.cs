#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

using System;
using System.Threading;

namespace OpenTok;

// class_open_tok_1_1_stream.txt: IDisposable; only Id is declared.

/// <summary>Represents an audio-video stream in an OpenTok session.</summary>
public class Stream : IDisposable
{
    private int _disposeCount;

    internal Stream(string? id)
    {
        Id = id;
    }

    /// <summary>Gets the unique identifier for this stream.</summary>
    public string? Id { get; }

    internal int DisposeCount => Volatile.Read(ref _disposeCount);

    /// <summary>Disposes of the Stream object's resources.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the stream.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => Interlocked.Increment(ref _disposeCount);
}
