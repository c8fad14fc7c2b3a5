using System;
using Vonage.PublishKit.Web.Internal;

namespace Vonage.PublishKit.Web;

/// <content>What OpenTok.js reports of the session, and the callbacks object it reports through.</content>
public sealed partial class WebSession
{
    private void OnEvent(string name, string? reason)
    {
        switch (name)
        {
            case "sessionDisconnected":
                lock (_gate)
                {
                    _state = SessionState.Disconnected;
                }

                // A publish waiting for its callback will not get one from a disconnected session.
                _binding.Operations.FailAll(static phase => PublishErrors.FromSdkError(SdkErrorCodes.NotConnected, SdkErrorNames.NotConnected, "The session disconnected", phase));
                Disconnected?.Invoke(this, new SessionDisconnectedEventArgs(WebReasons.Disconnect(reason)));
                break;
            case "sessionReconnecting":
                lock (_gate)
                {
                    _state = SessionState.Reconnecting;
                }

                Reconnecting?.Invoke(this, EventArgs.Empty);
                break;
            case "sessionReconnected":
                lock (_gate)
                {
                    if (_disposed)
                    {
                        // Disposal set the session disconnected; a late event from the browser does not undo it.
                        return;
                    }

                    _state = SessionState.Connected;
                }

                Reconnected?.Invoke(this, EventArgs.Empty);
                break;
        }
    }

    /// <summary>Keeps the JS-facing callbacks off the public type.</summary>
    private sealed class Sink(WebSession owner) : IJsEventSink
    {
        public void OnCompleted(long id, JsError? error, string? value) => owner._binding.Operations.Complete(id, error, value);

        public void OnEvent(string name, string? reason, JsError? error) => owner.OnEvent(name, reason);
    }
}
