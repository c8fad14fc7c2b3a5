using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

public class OpenTokServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPublishKitOpenTok_WiresTheSdkSessionAndFactoryUnderTheOrchestrator()
    {
        using var dispatcher = new SingleThreadDispatcher();
        IDispatcher CreateUiDispatcher() => dispatcher; // in a WPF app: new WPFDispatcher()
        var services = new ServiceCollection();

        // snippet: opentok-dependency-injection
        services.AddPublishKit(options => options.PublishTimeout = TimeSpan.FromSeconds(20));
        services.AddPublishKitOpenTok(options =>
        {
            options.ApiKey = "12345678";               // from your configuration
            options.SessionId = "2_MX4xMjM0NTY3OH4";
            options.Dispatcher = _ => CreateUiDispatcher();
        });
        // end-snippet
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var orchestrator = provider.GetRequiredService<PublishOrchestrator>();
        var session = Assert.IsType<OpenTokSession>(provider.GetRequiredService<ISession>());

        Assert.IsType<OpenTokPublisherFactory>(provider.GetRequiredService<IPublisherFactory>());
        Assert.Equal(("12345678", "2_MX4xMjM0NTY3OH4"), (session.SdkSession.Script().ApiKey, session.SdkSession.Script().SessionId));
        Assert.Equal(PublishState.Idle, orchestrator.State);
    }

    [Fact]
    public async Task AddPublishKitOpenTok_ProviderDisposal_DisposesTheSdkSessionOnce()
    {
        var services = new ServiceCollection().AddPublishKitOpenTok(o =>
        {
            o.ApiKey = "key";
            o.SessionId = "session";
        });
        Session sdkSession;
        await using (var provider = services.BuildServiceProvider())
        {
            sdkSession = provider.GetRequiredService<OpenTokSession>().SdkSession;
        }

        Assert.Equal(1, sdkSession.Script().DisposeCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddPublishKitOpenTok_NoDispatcher_UsesTheSdksDirectDispatcher(bool factoryReturnsNull)
    {
        var services = new ServiceCollection().AddPublishKitOpenTok(o =>
        {
            o.ApiKey = "key";
            o.SessionId = "session";
            o.Dispatcher = factoryReturnsNull ? _ => null! : null;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<DirectDispatcher>(ContextProbe.DispatcherOf(provider.GetRequiredService<Context>()));
    }

    [Theory]
    [InlineData(null, "session", "ApiKey")]
    [InlineData("key", " ", "SessionId")]
    public async Task AddPublishKitOpenTok_MissingCredentials_FailAtStartUpNamingTheOption(string? apiKey, string? sessionId, string option)
    {
        var services = new ServiceCollection().AddPublishKitOpenTok(o =>
        {
            o.ApiKey = apiKey;
            o.SessionId = sessionId;
        });
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(option, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPublishKitOpenTok_NullArguments_ThrowNamingThem()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => OpenTokServiceCollectionExtensions.AddPublishKitOpenTok(null!, _ => { })).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPublishKitOpenTok(null!)).ParamName);
    }
}
