using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// A case of the Vonage troubleshooting guide, set up on fakes: a <see cref="FakeSession"/> and a
/// <see cref="FakePublisherFactory"/> scripted with realistic latencies, and what a publish should end with.
/// Create one with <see cref="PublishScenarios"/>.
/// </summary>
public sealed class PublishScenario
{
    internal PublishScenario(string name, string description, TimeProvider timeProvider, Type? expectedException, string? expectedUserMessage)
    {
        Name = name;
        Description = description;
        TimeProvider = timeProvider;
        Session = new FakeSession(timeProvider);
        PublisherFactory = new FakePublisherFactory(timeProvider);
        ExpectedException = expectedException;
        ExpectedUserMessage = expectedUserMessage;
    }

    /// <summary>Gets the scenario's name, as <see cref="PublishScenarios.Create"/> takes it (for example <c>access-denied</c>).</summary>
    public string Name { get; }

    /// <summary>Gets what happens in this scenario, in one sentence.</summary>
    public string Description { get; }

    /// <summary>Gets the time the fakes run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the scripted session.</summary>
    public FakeSession Session { get; }

    /// <summary>Gets the scripted publisher factory.</summary>
    public FakePublisherFactory PublisherFactory { get; }

    /// <summary>Gets the exception type <see cref="PublishOrchestrator.PublishAsync"/> ends with, or <see langword="null"/> when it succeeds.</summary>
    public Type? ExpectedException { get; }

    /// <summary>Gets what the end user should be told (the guide's message), or <see langword="null"/> when nothing goes wrong.</summary>
    public string? ExpectedUserMessage { get; }

    /// <summary>Creates an orchestrator over this scenario's fakes.</summary>
    /// <param name="options">Options; their <see cref="PublishOrchestratorOptions.TimeProvider"/> is replaced by the scenario's. <see langword="null"/> for defaults.</param>
    /// <param name="logger">Where the orchestrator logs, or <see langword="null"/>.</param>
    /// <returns>A new orchestrator; the caller disposes it.</returns>
    public PublishOrchestrator CreateOrchestrator(PublishOrchestratorOptions? options = null, ILogger<PublishOrchestrator>? logger = null)
    {
        options ??= new PublishOrchestratorOptions();
        options.TimeProvider = TimeProvider;
        return new PublishOrchestrator(Session, PublisherFactory, options, logger);
    }

    /// <summary>Returns the scenario's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
