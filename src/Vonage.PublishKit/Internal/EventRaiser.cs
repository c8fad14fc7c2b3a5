using System;
using Microsoft.Extensions.Logging;

namespace Vonage.PublishKit.Internal;

/// <summary>
/// Raises an event to each subscriber in turn: one that throws is logged and the rest still run, so no handler
/// can change an outcome, a state or a release.
/// </summary>
internal static class EventRaiser
{
    public static void Raise<TEventArgs>(object sender, EventHandler<TEventArgs>? handler, TEventArgs args, string eventName, ILogger logger)
    {
        if (handler is null)
        {
            return;
        }

        foreach (EventHandler<TEventArgs> subscriber in handler.GetInvocationList())
        {
            try
            {
                subscriber(sender, args);
            }
            catch (Exception exception)
            {
                Log.EventHandlerFailed(logger, eventName, exception);
            }
        }
    }

    public static void Raise(object sender, EventHandler? handler, EventArgs args, string eventName, ILogger logger)
    {
        if (handler is null)
        {
            return;
        }

        foreach (EventHandler subscriber in handler.GetInvocationList())
        {
            try
            {
                subscriber(sender, args);
            }
            catch (Exception exception)
            {
                Log.EventHandlerFailed(logger, eventName, exception);
            }
        }
    }
}
