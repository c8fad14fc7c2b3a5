namespace Vonage.PublishKit.Internal;

/// <summary>The steps of a try, in order; a failure at any step goes to <see cref="Release"/>.</summary>
internal enum TryStep
{
    /// <summary>Getting the token and a publisher (waiting for the camera when the last publisher is still being released).</summary>
    Provision,

    /// <summary>Waiting for <see cref="Provision"/>'s work to complete.</summary>
    Provisioning,

    /// <summary>Initialize and connect, side by side.</summary>
    Setup,

    /// <summary>The session publishing the stream.</summary>
    Publish,

    /// <summary>Stopping what the failed try started and releasing its publisher.</summary>
    Release,

    /// <summary>Waiting for <see cref="Release"/>'s work to complete.</summary>
    Releasing,

    /// <summary>The try has its outcome.</summary>
    Done,
}
