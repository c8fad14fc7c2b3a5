using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A factory that, unlike <see cref="FakePublisherFactory"/>, keeps no list of what it created.</summary>
internal sealed class ForgetfulFactory : IPublisherFactory
{
    public IPublisher CreatePublisher(PublisherSettings settings) => new FakePublisher();
}
