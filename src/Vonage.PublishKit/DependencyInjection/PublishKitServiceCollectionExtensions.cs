using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vonage.PublishKit;
using Vonage.PublishKit.Internal;

#pragma warning disable IDE0130 // In the namespace of IServiceCollection, by the Microsoft.Extensions convention, so AddPublishKit needs no using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Registers PublishKit in a service collection: a singleton <see cref="PublishOrchestrator"/> for the app's one
/// <see cref="ISession"/>, and a singleton <see cref="IPublishOrchestratorFactory"/> for apps with several sessions.
/// The logger comes from the container's <see cref="ILoggerFactory"/> (<c>AddLogging</c>), so nothing else is needed.
/// </summary>
public static class PublishKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="PublishOrchestrator"/> with <see cref="PublishOrchestratorOptions"/> bound
    /// through <see cref="IOptions{TOptions}"/> and validated at start-up, the container's
    /// <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> unless one is registered), its
    /// <see cref="ILogger{TCategoryName}"/> and its <see cref="IMeterFactory"/> when present. The app (or the
    /// OpenTok adapter's registration) registers <see cref="ISession"/> and <see cref="IPublisherFactory"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; runs after the defaults from the container.</param>
    /// <returns>The service collection, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// Invalid options fail when the host starts (<c>ValidateOnStart</c>); without a host, call
    /// <c>IStartupValidator.Validate()</c> after building the provider, or they fail when the orchestrator is
    /// first resolved. Either way the <see cref="OptionsValidationException"/> names the option.
    /// </remarks>
    public static IServiceCollection AddPublishKit(this IServiceCollection services, Action<PublishOrchestratorOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PublishOrchestratorOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                options.TimeProvider = provider.GetRequiredService<TimeProvider>();
                options.MeterFactory = provider.GetService<IMeterFactory>();
            })
            .Configure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PublishOrchestratorOptions>, PublishOrchestratorOptionsValidator>());
        services.TryAddSingleton<IPublishOrchestratorFactory, PublishOrchestratorFactory>();
        services.TryAddSingleton(static provider => new PublishOrchestrator(
            provider.GetRequiredService<ISession>(),
            provider.GetRequiredService<IPublisherFactory>(),
            provider.GetRequiredService<IOptions<PublishOrchestratorOptions>>().Value,
            provider.GetService<ILogger<PublishOrchestrator>>()));
        return services;
    }

    /// <summary>
    /// Registers PublishKit as <see cref="AddPublishKit(IServiceCollection, Action{PublishOrchestratorOptions})"/> does,
    /// with <see cref="PublishOrchestratorOptions"/> bound from <paramref name="configuration"/>, such as the
    /// <c>PublishKit</c> section of <c>appsettings.json</c>: <c>"ConnectTimeout": "00:00:05"</c>,
    /// <c>"Retry": { "MaxRetryAttempts": 1 }</c>, <c>"RepublishAfterNetworkLoss": true</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind, for example <c>builder.Configuration.GetSection("PublishKit")</c>.</param>
    /// <returns>The service collection, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Values that configuration cannot hold (a token provider, a resilience pipeline) are set with the <c>configure</c> overload, which may be called as well.</remarks>
    public static IServiceCollection AddPublishKit(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        services.AddPublishKit(static _ => { });
        services.AddOptions<PublishOrchestratorOptions>().Bind(configuration);
        return services;
    }

    /// <summary>Registers PublishKit with default options; see <see cref="AddPublishKit(IServiceCollection, Action{PublishOrchestratorOptions})"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddPublishKit(this IServiceCollection services) => services.AddPublishKit(static _ => { });
}
