using System;
using System.Collections.Generic;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// An <see cref="IPublisherFactory"/> that creates <see cref="FakePublisher"/> instances and records them.
/// Each new publisher's initialize outcome is the next one of <see cref="Initialize"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public class FakePublisherFactory : IPublisherFactory
{
    private readonly object _gate = new();
    private readonly List<FakePublisher> _created = [];

    /// <summary>Initializes a new instance on the system clock.</summary>
    public FakePublisherFactory()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="timeProvider">The time the publishers' delays run on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public FakePublisherFactory(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Gets the time the publishers' delays run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Gets the script of the created publishers' initialization: the first publisher initializes with the
    /// first queued outcome, and so on; then every publisher with <see cref="FakeCallScript.Default"/>.
    /// Its <see cref="FakeCallScript.Calls"/> stays zero: each publisher counts its own calls.
    /// </summary>
    public FakeCallScript Initialize { get; } = new();

    /// <summary>Gets every publisher created so far, in order.</summary>
    public IReadOnlyList<FakePublisher> Created
    {
        get
        {
            lock (_gate)
            {
                return _created.ToArray();
            }
        }
    }

    /// <summary>Gets the publisher created last, or <see langword="null"/> if none was.</summary>
    public FakePublisher? LastCreated
    {
        get
        {
            lock (_gate)
            {
                return _created.Count > 0 ? _created[_created.Count - 1] : null;
            }
        }
    }

    /// <summary>Creates and records a <see cref="FakePublisher"/> whose initialization plays the next outcome of <see cref="Initialize"/>.</summary>
    /// <param name="settings">The settings to create it with.</param>
    /// <returns>The new publisher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is <see langword="null"/>.</exception>
    public virtual IPublisher CreatePublisher(PublisherSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        var publisher = CreateFakePublisher(settings);
        publisher.Initialize.Default = Initialize.Dequeue();
        lock (_gate)
        {
            _created.Add(publisher);
        }

        return publisher;
    }

    /// <summary>Creates the publisher; override to return a subclass.</summary>
    /// <param name="settings">The settings to create it with.</param>
    /// <returns>The new publisher.</returns>
    protected virtual FakePublisher CreateFakePublisher(PublisherSettings settings) => new(settings, TimeProvider);
}
