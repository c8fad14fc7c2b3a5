namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>Creates an <see cref="InstantPublisher"/> per call, as an adapter creates an SDK publisher per call.</summary>
public sealed class InstantPublisherFactory(bool denyAccess = false) : IPublisherFactory
{
    public IPublisher CreatePublisher(PublisherSettings settings) => new InstantPublisher(denyAccess);
}
