using System;
using System.Collections.Generic;

namespace OpenTok.Contract;

/// <summary>Test access to a <see cref="Context"/>: what was built through it, and a hook on publisher builds.</summary>
public sealed class ContextProbe
{
    internal ContextProbe()
    {
    }

    /// <summary>Occurs after a publisher was built through the context, on the building thread.</summary>
    public event Action<Publisher> PublisherBuilt;

    /// <summary>Gets or sets what <c>Publisher.Builder.Build()</c> does first; it may throw an <see cref="OpenTokException"/>.</summary>
    public Action OnBuildPublisher { get; set; }

    /// <summary>Gets the SDK calls made through the context, in order.</summary>
    public CallLog Log { get; } = new();

    internal void OnBuildingPublisher()
    {
        Log.Add("Publisher.Build");
        OnBuildPublisher?.Invoke();
    }

    internal void OnPublisherBuilt(Publisher publisher) => PublisherBuilt?.Invoke(publisher);

    /// <summary>Gets the publishers built through a context.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A snapshot, in build order.</returns>
    public static IReadOnlyList<Publisher> PublishersOf(Context context)
    {
        lock (context.BuiltPublishers)
        {
            return context.BuiltPublishers.ToArray();
        }
    }

    /// <summary>Gets the dispatcher a context was created with.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The dispatcher, or <see langword="null"/>.</returns>
    public static IDispatcher DispatcherOf(Context context) => context.Dispatcher;

    /// <summary>Gets the sessions built through a context.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A snapshot, in build order.</returns>
    public static IReadOnlyList<Session> SessionsOf(Context context)
    {
        lock (context.BuiltSessions)
        {
            return context.BuiltSessions.ToArray();
        }
    }
}
