using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class FakePublisherFactoryTests
{
    [Fact]
    public async Task CreatePublisher_EachPublisherTakesTheNextInitializeOutcome()
    {
        var factory = new FakePublisherFactory(new FakeTimeProvider());
        factory.Initialize.Enqueue(FakeOutcome.Fail(PublishErrorKind.AccessDenied));

        var first = (FakePublisher)factory.CreatePublisher(new PublisherSettings());
        var second = (FakePublisher)factory.CreatePublisher(new PublisherSettings());

        await Assert.ThrowsAsync<AccessDeniedException>(() => first.InitializeAsync());
        await second.InitializeAsync();
        Assert.Equal([first, second], factory.Created);
        Assert.Same(second, factory.LastCreated);
        Assert.Equal(0, factory.Initialize.Calls);
        Assert.Equal(1, first.Initialize.Calls);
    }

    [Fact]
    public void CreatePublisher_KeepsSettingsAndTime()
    {
        var time = new FakeTimeProvider();
        var factory = new FakePublisherFactory(time);
        var settings = new PublisherSettings { Name = "Bob" };

        var publisher = (FakePublisher)factory.CreatePublisher(settings);

        Assert.Same(settings, publisher.Settings);
        Assert.Same(time, publisher.TimeProvider);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => factory.CreatePublisher(null!)).ParamName);
    }

    [Fact]
    public void LastCreated_NoneYet_IsNull()
    {
        Assert.Null(new FakePublisherFactory().LastCreated);
    }
}
