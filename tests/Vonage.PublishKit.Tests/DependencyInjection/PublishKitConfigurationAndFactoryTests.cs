using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.DependencyInjection;

/// <summary><c>AddPublishKit(IConfiguration)</c> and <see cref="IPublishOrchestratorFactory"/>: configuration files and apps with several sessions.</summary>
public class PublishKitConfigurationAndFactoryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AddPublishKit_ConfigurationSection_BindsTimeoutsRetriesAndRepublishing()
    {
        await using var provider = Services(Section(new()
        {
            ["PublishKit:ConnectTimeout"] = "00:00:05",
            ["PublishKit:Retry:MaxRetryAttempts"] = "1",
            ["PublishKit:RepublishAfterNetworkLoss"] = "true",
        })).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PublishOrchestratorOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(1, options.Retry!.MaxRetryAttempts);
        Assert.True(options.RepublishAfterNetworkLoss);
        Assert.Same(_time, options.TimeProvider);
        Assert.Equal(PublishOrchestratorOptions.DefaultPublishTimeout, options.PublishTimeout);
    }

    [Fact]
    public void AddPublishKit_ConfigurationWithAnInvalidTimeout_FailsNamingTheOption()
    {
        using var provider = Services(Section(new() { ["PublishKit:ReleaseTimeout"] = "-00:00:01" })).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PublishOrchestrator>());

        Assert.Contains(nameof(PublishOrchestratorOptions.ReleaseTimeout), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_OneOrchestratorPerSession_EachPublishesIntoItsOwnAndTheContainerLeavesThemAlone()
    {
        var first = new FakeSession(_time);
        var second = new FakeSession(_time);
        PublishOrchestrator a, b;
        await using (var provider = Services(Section([])).BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<IPublishOrchestratorFactory>();
            a = factory.Create(first);
            b = factory.Create(second, new FakePublisherFactory(_time));

            await a.PublishAsync(SeamHarness.Token).OrTimeout();
            await b.PublishAsync(SeamHarness.Token).OrTimeout();
        }

        Assert.NotSame(a, b);
        Assert.Single(first.Published);
        Assert.Single(second.Published);
        Assert.Equal(PublishState.Published, a.State);
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public void Factory_BadArguments_ThrowNamingTheParameter()
    {
        using var provider = Services(Section([])).BuildServiceProvider();
        var factory = provider.GetRequiredService<IPublishOrchestratorFactory>();

        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => factory.Create(null!)).ParamName);
        Assert.Equal("publisherFactory", Assert.Throws<ArgumentNullException>(() => factory.Create(new FakeSession(), null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPublishKit((IConfiguration)null!)).ParamName);
    }

    [Fact]
    public void Factory_NoPublisherFactoryRegistered_SaysHowToProvideOne()
    {
        using var provider = new ServiceCollection().AddPublishKit().BuildServiceProvider();
        var factory = provider.GetRequiredService<IPublishOrchestratorFactory>();

        var exception = Assert.Throws<InvalidOperationException>(() => factory.Create(new FakeSession(_time)));

        Assert.Equal("No IPublisherFactory is registered: register one (an adapter's registration does) or pass one to Create.", exception.Message);
    }

    [Fact]
    public void Factory_BadArgumentsAndBadOptions_TheArgumentIsReportedFirst()
    {
        using var provider = new ServiceCollection().AddPublishKit(o => o.ConnectTimeout = TimeSpan.FromSeconds(-1)).BuildServiceProvider();
        var factory = provider.GetRequiredService<IPublishOrchestratorFactory>();

        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => factory.Create(null!, new FakePublisherFactory(_time))).ParamName);
        Assert.Equal("publisherFactory", Assert.Throws<ArgumentNullException>(() => factory.Create(new FakeSession(_time), null!)).ParamName);
        Assert.Throws<OptionsValidationException>(() => factory.Create(new FakeSession(_time), new FakePublisherFactory(_time)));
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("PublishKit");

    private ServiceCollection Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISession>(new FakeSession(_time));
        services.AddSingleton<IPublisherFactory>(new FakePublisherFactory(_time));
        services.AddPublishKit(configuration);
        return services;
    }
}
