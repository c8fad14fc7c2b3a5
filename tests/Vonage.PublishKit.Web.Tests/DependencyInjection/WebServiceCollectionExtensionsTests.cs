using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests.DependencyInjection;

public sealed class WebServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPublishKitWeb_Configured_RegistersOneSessionFactoryAndOrchestratorPerScope()
    {
        await using var provider = Build(o => { o.ApiKey = "key"; o.SessionId = "session"; }, addCoreFirst: true);

        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();

        var orchestrator = first.ServiceProvider.GetRequiredService<PublishOrchestrator>();
        Assert.Same(orchestrator, first.ServiceProvider.GetRequiredService<PublishOrchestrator>());
        Assert.NotSame(orchestrator, second.ServiceProvider.GetRequiredService<PublishOrchestrator>());
        Assert.IsType<WebSession>(first.ServiceProvider.GetRequiredService<ISession>());
        Assert.Same(first.ServiceProvider.GetRequiredService<WebSession>(), first.ServiceProvider.GetRequiredService<ISession>());
        Assert.IsType<WebPublisherFactory>(first.ServiceProvider.GetRequiredService<IPublisherFactory>());
    }

    [Fact]
    public async Task AddPublishKitWeb_CoreOptionsConfiguredAfter_AreValidatedAndUsed()
    {
        var services = new ServiceCollection();
        services.AddScoped<IJSRuntime, FakeJsRuntime>();
        services.AddPublishKitWeb(o => { o.ApiKey = "key"; o.SessionId = "session"; });
        services.AddPublishKit(o => o.ConnectTimeout = TimeSpan.FromSeconds(3));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PublishOrchestrator>());
        Assert.Equal(TimeSpan.FromSeconds(3), provider.GetRequiredService<IOptions<PublishOrchestratorOptions>>().Value.ConnectTimeout);
    }

    [Theory]
    [InlineData(null, "session", "ApiKey")]
    [InlineData("key", " ", "SessionId")]
    public async Task AddPublishKitWeb_MissingCredential_FailsNamingTheOption(string? apiKey, string? sessionId, string option)
    {
        await using var provider = Build(o => { o.ApiKey = apiKey; o.SessionId = sessionId; }, addCoreFirst: false);

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebRegistrationOptions>>().Value);

        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPublishKitWeb_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => WebServiceCollectionExtensions.AddPublishKitWeb(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPublishKitWeb(null!));
    }

    private static ServiceProvider Build(Action<WebRegistrationOptions> configure, bool addCoreFirst)
    {
        var services = new ServiceCollection();
        services.AddScoped<IJSRuntime, FakeJsRuntime>();
        if (addCoreFirst)
        {
            services.AddPublishKit();
        }

        services.AddPublishKitWeb(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
