namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>Creates a <see cref="BridgedPublisher"/> per call.</summary>
public sealed class BridgedPublisherFactory : IPublisherFactory
{
    public IPublisher CreatePublisher(PublisherSettings settings) => new BridgedPublisher();
}
