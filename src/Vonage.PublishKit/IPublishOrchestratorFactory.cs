namespace Vonage.PublishKit;

/// <summary>
/// Creates one <see cref="PublishOrchestrator"/> per session, with the options, logger, clock and meters of the
/// container, for apps that publish into several sessions. <c>AddPublishKit</c> registers it as a singleton.
/// </summary>
/// <remarks>
/// Each orchestrator it creates belongs to the caller, who disposes it when done with that session; the container
/// does not track it. The session stays the caller's too.
/// </remarks>
public interface IPublishOrchestratorFactory
{
    /// <summary>Creates an orchestrator for <paramref name="session"/>, using the container's <see cref="IPublisherFactory"/>.</summary>
    /// <param name="session">The session to publish into.</param>
    /// <returns>A new orchestrator; dispose it when done.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.InvalidOperationException">No <see cref="IPublisherFactory"/> is registered.</exception>
    PublishOrchestrator Create(ISession session);

    /// <summary>Creates an orchestrator for <paramref name="session"/> whose publishers come from <paramref name="publisherFactory"/>.</summary>
    /// <param name="session">The session to publish into.</param>
    /// <param name="publisherFactory">Creates the publishers for that session.</param>
    /// <returns>A new orchestrator; dispose it when done.</returns>
    /// <exception cref="System.ArgumentNullException">An argument is <see langword="null"/>.</exception>
    PublishOrchestrator Create(ISession session, IPublisherFactory publisherFactory);
}
