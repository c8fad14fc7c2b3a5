namespace OpenTok.Contract;

/// <summary>Entry points from the SDK's objects to their test access.</summary>
public static class ContractExtensions
{
    /// <summary>Gets the session's script.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The script.</returns>
    public static SessionScript Script(this Session session) => session.Script;

    /// <summary>Gets the publisher's script.</summary>
    /// <param name="publisher">The publisher.</param>
    /// <returns>The script.</returns>
    public static PublisherScript Script(this Publisher publisher) => publisher.Script;

    /// <summary>Gets the context's probe.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The probe.</returns>
    public static ContextProbe Probe(this Context context) => context.Probe;
}
