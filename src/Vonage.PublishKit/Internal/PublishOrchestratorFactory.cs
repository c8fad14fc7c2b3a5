using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vonage.PublishKit.Internal;

/// <summary>The container's <see cref="IPublishOrchestratorFactory"/>: its options, logger, clock and meters for each session.</summary>
internal sealed class PublishOrchestratorFactory(IServiceProvider services, IOptions<PublishOrchestratorOptions> options) : IPublishOrchestratorFactory
{
    public PublishOrchestrator Create(ISession session) =>
        Create(session, services.GetService<IPublisherFactory>() ?? throw new InvalidOperationException("No IPublisherFactory is registered: register one (an adapter's registration does) or pass one to Create."));

    public PublishOrchestrator Create(ISession session, IPublisherFactory publisherFactory)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (publisherFactory is null)
        {
            throw new ArgumentNullException(nameof(publisherFactory));
        }

        return new PublishOrchestrator(session, publisherFactory, options.Value, services.GetService<ILogger<PublishOrchestrator>>());
    }
}
