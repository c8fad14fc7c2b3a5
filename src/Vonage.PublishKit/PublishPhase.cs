namespace Vonage.PublishKit;

/// <summary>The phase of a publish attempt in which something happened.</summary>
public enum PublishPhase
{
    /// <summary>Acquiring the camera and microphone (<see cref="IPublisher.InitializeAsync"/>).</summary>
    Initialize = 0,

    /// <summary>Connecting the session (<see cref="ISession.ConnectAsync"/>).</summary>
    Connect = 1,

    /// <summary>Publishing the stream into the connected session (<see cref="ISession.PublishAsync"/>).</summary>
    Publish = 2,
}
