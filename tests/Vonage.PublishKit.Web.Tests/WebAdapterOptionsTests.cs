using System;
using System.Threading;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests;

public sealed class WebAdapterOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructors_ReleaseTimeoutNotPositive_ThrowNamingTheOption(int seconds)
    {
        var options = new WebAdapterOptions { ReleaseTimeout = TimeSpan.FromSeconds(seconds) };

        var session = Assert.Throws<ArgumentOutOfRangeException>(() => new WebSession(new FakeJsRuntime(), "k", "s", options));
        var factory = Assert.Throws<ArgumentOutOfRangeException>(() => new WebPublisherFactory(new FakeJsRuntime(), options));

        Assert.Contains("ReleaseTimeout", session.Message, StringComparison.Ordinal);
        Assert.Contains("ReleaseTimeout", factory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructors_EmptyModulePath_Throw() =>
        Assert.Throws<ArgumentException>(() => new WebSession(new FakeJsRuntime(), "k", "s", new WebAdapterOptions { ModulePath = " " }));

    [Fact]
    public void Constructors_InfiniteReleaseTimeout_IsAccepted() =>
        Assert.NotNull(new WebPublisherFactory(new FakeJsRuntime(), new WebAdapterOptions { ReleaseTimeout = Timeout.InfiniteTimeSpan }));

    [Fact]
    public async System.Threading.Tasks.Task Constructors_OptionsChangedAfterwards_DoNotAffectTheAdapter()
    {
        var js = new FakeJsRuntime().AnswerEverything();
        var options = new WebAdapterOptions();
        var factory = new WebPublisherFactory(js, options);
        options.ModulePath = "./elsewhere.js";
        options.CheckDevicesBeforeInitialize = false;

        await using var publisher = factory.CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync();

        Assert.Equal([WebAdapterOptions.DefaultModulePath], js.Imports);
        Assert.Equal(["devices", "init"], js.Publisher.Methods);
    }
}
