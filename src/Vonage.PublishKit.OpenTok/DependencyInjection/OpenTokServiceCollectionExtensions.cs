using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTok;
using Vonage.PublishKit;
using Vonage.PublishKit.OpenTok;
using Vonage.PublishKit.OpenTok.Internal;

#pragma warning disable IDE0130 // In the namespace of IServiceCollection, by the Microsoft.Extensions convention.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Vonage Video Windows SDK adapter in a service collection.</summary>
public static class OpenTokServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons, the SDK <see cref="Context"/> (with the configured dispatcher), an
    /// <see cref="OpenTokSession"/> as <see cref="ISession"/> and an <see cref="OpenTokPublisherFactory"/> as
    /// <see cref="IPublisherFactory"/>, with <see cref="OpenTokRegistrationOptions"/> validated at start-up. Add
    /// <c>AddPublishKit</c> for the orchestrator. The container disposes the session, then the context.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the API key, the session id, the dispatcher and the adapter's options.</param>
    /// <returns>The service collection, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddPublishKitOpenTok(this IServiceCollection services, Action<OpenTokRegistrationOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.AddOptions<OpenTokRegistrationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenTokRegistrationOptions>, OpenTokRegistrationOptionsValidator>());
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<OpenTokRegistrationOptions>>().Value;
            return new Context(options.Dispatcher?.Invoke(provider) ?? new DirectDispatcher());
        });
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<OpenTokRegistrationOptions>>().Value;
            return new OpenTokSession(provider.GetRequiredService<Context>(), options.ApiKey!, options.SessionId!, options.Adapter);
        });
        services.TryAddSingleton<ISession>(static provider => provider.GetRequiredService<OpenTokSession>());
        services.TryAddSingleton<IPublisherFactory>(static provider => new OpenTokPublisherFactory(
            provider.GetRequiredService<Context>(),
            provider.GetRequiredService<IOptions<OpenTokRegistrationOptions>>().Value.Adapter));
        return services;
    }
}
