using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using Vonage.PublishKit;
using Vonage.PublishKit.Web;
using Vonage.PublishKit.Web.Internal;

#pragma warning disable IDE0130 // In the namespace of IServiceCollection, by the Microsoft.Extensions convention.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Vonage Video web SDK adapter (OpenTok.js) in a Blazor app's service collection.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Registers, scoped (one per Blazor Server circuit, one for the app in WebAssembly, because <see cref="IJSRuntime"/> is),
    /// a <see cref="WebSession"/> as <see cref="ISession"/>, a <see cref="WebPublisherFactory"/> as <see cref="IPublisherFactory"/>,
    /// and the <see cref="PublishOrchestrator"/> over them, with <see cref="WebRegistrationOptions"/> validated at start-up.
    /// It also calls <c>AddPublishKit</c> (call it too, before or after, to configure the orchestrator's options); the
    /// orchestrator is scoped here, not a singleton, since it must not outlive its circuit. The scope disposes the
    /// orchestrator, then the session, which releases the camera and the JS objects even when the circuit is gone.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the API key, the session id and the adapter's options.</param>
    /// <returns>The service collection, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddPublishKitWeb(this IServiceCollection services, Action<WebRegistrationOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions<WebRegistrationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebRegistrationOptions>, WebRegistrationOptionsValidator>());
        services.TryAddScoped(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<WebRegistrationOptions>>().Value;
            return new WebSession(provider.GetRequiredService<IJSRuntime>(), options.ApiKey!, options.SessionId!, options.Adapter);
        });
        services.TryAddScoped<ISession>(static provider => provider.GetRequiredService<WebSession>());
        services.TryAddScoped(static provider => new WebPublisherFactory(
            provider.GetRequiredService<IJSRuntime>(),
            provider.GetRequiredService<IOptions<WebRegistrationOptions>>().Value.Adapter));
        services.TryAddScoped<IPublisherFactory>(static provider => provider.GetRequiredService<WebPublisherFactory>());
        services.AddPublishKit(static _ => { });
        services.Replace(ServiceDescriptor.Scoped(static provider => new PublishOrchestrator(
            provider.GetRequiredService<ISession>(),
            provider.GetRequiredService<IPublisherFactory>(),
            provider.GetRequiredService<IOptions<PublishOrchestratorOptions>>().Value,
            provider.GetService<ILogger<PublishOrchestrator>>())));
        return services;
    }
}
