using System;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A fake factory of <see cref="HostilePublisher"/>s, each configured as it is created.</summary>
internal sealed class HostileFactory(TimeProvider timeProvider) : FakePublisherFactory(timeProvider)
{
    public CameraLedger Camera { get; } = new();

    /// <summary>Gets or sets how each new publisher misbehaves.</summary>
    public Action<HostilePublisher>? Configure { get; set; }

    public HostilePublisher Last => (HostilePublisher)LastCreated!;

    protected override FakePublisher CreateFakePublisher(PublisherSettings settings)
    {
        var publisher = new HostilePublisher(settings, TimeProvider, Camera);
        Configure?.Invoke(publisher);
        return publisher;
    }
}
