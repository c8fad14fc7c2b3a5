using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.DependencyInjection;

public class PublishKitServiceCollectionExtensionsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AddPublishKit_ResolvesAnOrchestratorThatPublishesOnTheRegisteredSeams()
    {
        await using var provider = Services(o => o.Retry = null).BuildServiceProvider();

        var orchestrator = provider.GetRequiredService<PublishOrchestrator>();
        var stream = await orchestrator.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Same(orchestrator, provider.GetRequiredService<PublishOrchestrator>());
        Assert.Equal("fake-stream-1", stream.StreamId);
    }

    [Fact]
    public async Task AddPublishKit_UsesTheContainersTimeProviderAndTheConfiguredOptions()
    {
        var services = Services(o =>
        {
            o.PublishTimeout = TimeSpan.FromSeconds(5);
            o.Retry = null;
        });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<FakeSession>().Publish.Default = FakeOutcome.Hang();

        var publish = provider.GetRequiredService<PublishOrchestrator>().PublishAsync(SeamHarness.Token);
        _time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout());
    }

    [Fact]
    public async Task AddPublishKit_RecordsMetricsThroughTheContainersMeterFactory()
    {
        await using var provider = Services(o => o.Retry = null).AddMetrics().BuildServiceProvider();
        using var attempts = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PublishKitTelemetry.Name, "vonage.publishkit.attempts");

        await provider.GetRequiredService<PublishOrchestrator>().PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Single(attempts.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData("ConnectTimeout")]
    [InlineData("InitializeTimeout")]
    [InlineData("Retry.MaxRetryAttempts")]
    public async Task AddPublishKit_InvalidOptions_FailAtStartUpNamingTheOption(string option)
    {
        await using var provider = Services(o =>
        {
            switch (option)
            {
                case "ConnectTimeout":
                    o.ConnectTimeout = TimeSpan.Zero;
                    break;
                case "InitializeTimeout":
                    o.InitializeTimeout = TimeSpan.FromSeconds(-3);
                    break;
                default:
                    o.Retry!.MaxRetryAttempts = 0;
                    break;
            }
        }).BuildServiceProvider();

        var atStartUp = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var atResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PublishOrchestrator>());

        Assert.Contains(option, atStartUp.Message, StringComparison.Ordinal);
        Assert.Contains(option, atResolve.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPublishKit_WithoutATimeProvider_UsesTheSystemClock()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISession>(new FakeSession());
        services.AddSingleton<IPublisherFactory>(new FakePublisherFactory());
        await using var provider = services.AddPublishKit().BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<IOptions<PublishOrchestratorOptions>>().Value.TimeProvider);
        Assert.NotNull(provider.GetRequiredService<PublishOrchestrator>());
    }

    [Fact]
    public void AddPublishKit_NullArguments_ThrowNamingThem()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => PublishKitServiceCollectionExtensions.AddPublishKit(null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPublishKit((Action<PublishOrchestratorOptions>)null!)).ParamName);
    }

    private ServiceCollection Services(Action<PublishOrchestratorOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(sp => new FakeSession(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISession>(sp => sp.GetRequiredService<FakeSession>());
        services.AddSingleton<IPublisherFactory>(sp => new FakePublisherFactory(sp.GetRequiredService<TimeProvider>()));
        services.AddPublishKit(configure);
        return services;
    }
}
