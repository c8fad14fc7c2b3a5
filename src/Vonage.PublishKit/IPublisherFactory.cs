namespace Vonage.PublishKit;

/// <summary>Creates publishers. The orchestrator creates a fresh publisher for every publish attempt.</summary>
public interface IPublisherFactory
{
    /// <summary>Creates a publisher that is not yet initialized.</summary>
    /// <param name="settings">What to publish.</param>
    /// <returns>A new publisher, owned by the caller, who must dispose it.</returns>
    IPublisher CreatePublisher(PublisherSettings settings);
}
