using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class FakePublisherTests
{
    [Fact]
    public async Task DisposeAsync_EachCallIsCounted()
    {
        var publisher = new FakePublisher();

        await publisher.DisposeAsync();
        Assert.Equal(1, publisher.DisposeCount);
        await publisher.DisposeAsync();

        Assert.Equal(2, publisher.DisposeCount);
        Assert.True(publisher.IsDisposed);
    }

    [Fact]
    public async Task InitializeAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var publisher = new FakePublisher();
        await publisher.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.InitializeAsync());
    }

    [Fact]
    public void RaiseStreamDestroyed_RaisesWithReasonAndSender()
    {
        var publisher = new FakePublisher();
        object? sender = null;
        StreamDestroyedReason? reason = null;
        publisher.StreamDestroyed += (s, e) => (sender, reason) = (s, e.Reason);

        publisher.RaiseStreamDestroyed(StreamDestroyedReason.ForceUnpublished);

        Assert.Same(publisher, sender);
        Assert.Equal(StreamDestroyedReason.ForceUnpublished, reason);
    }

    [Fact]
    public void Constructor_NullArguments_ThrowNamingThem()
    {
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => new FakePublisher(null!, new FakeTimeProvider())).ParamName);
        Assert.Equal("timeProvider", Assert.Throws<ArgumentNullException>(() => new FakePublisher(new PublisherSettings(), null!)).ParamName);
    }
}
