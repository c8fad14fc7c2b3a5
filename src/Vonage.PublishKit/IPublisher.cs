using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit;

/// <summary>
/// A publisher: the local camera and microphone, and the stream they feed once published.
/// <see cref="IAsyncDisposable.DisposeAsync"/> destroys it and releases the devices.
/// </summary>
/// <remarks>
/// Implementations may complete their tasks and raise <see cref="StreamDestroyed"/> on any thread.
/// </remarks>
public interface IPublisher : IAsyncDisposable
{
    /// <summary>Acquires the camera and microphone.</summary>
    /// <param name="cancellationToken">Cancels the acquisition.</param>
    /// <returns>A task that completes when the devices are ready to publish.</returns>
    /// <exception cref="PublishException">
    /// The devices could not be acquired; typically an <see cref="AccessDeniedException"/> or a
    /// <see cref="DeviceUnavailableException"/>.
    /// </exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the identifier of the published stream, or <see langword="null"/> before it is published.</summary>
    string? StreamId { get; }

    /// <summary>Occurs when the published stream is destroyed, with the reason. Raise it with the publisher as the sender.</summary>
    /// <remarks>The orchestrator uses the sender to tell whose stream ended; a sender that is not a publisher counts as its current publisher.</remarks>
    event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed;
}
