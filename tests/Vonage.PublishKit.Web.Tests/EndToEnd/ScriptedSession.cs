namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>
/// A scripted OpenTok.js session for what only Vonage's servers can produce: the page keeps the real SDK and its real
/// publisher (camera, <c>OT.getDevices</c>, <c>OT.initPublisher</c>, <c>destroy</c>), but <c>OT.initSession</c> returns
/// this script's session, which connects at once and answers the publish as <c>window.__scripted.publish</c> says.
/// <c>window.__scripted.loseNetwork()</c> then drops a published stream the way the SDK reports it.
/// </summary>
internal static class ScriptedSession
{
    public const string Succeed = "succeed";
    public const string PeerConnectionFails = "peer-connection-fails";

    public static string InitScript(string publish) => $$"""
        (() => {
          const scripted = { publish: '{{publish}}', sessions: [], publishers: [] };
          window.__scripted = scripted;
          function session() {
            const handlers = {};
            const on = (name, handler) => { (handlers[name] ||= []).push(handler); };
            const emit = (name, event) => (handlers[name] || []).forEach(h => h(event));
            const s = {
              on, off: () => {}, emit,
              connect: (token, callback) => setTimeout(() => callback(undefined), 10),
              publish: (publisher, callback) => setTimeout(() => {
                if (scripted.publish === '{{PeerConnectionFails}}') {
                  callback({ name: 'OT_CREATE_PEER_CONNECTION_FAILED', code: 1013, message: 'Scripted: the peer connection could not be created.' });
                  return;
                }
                publisher.stream = { streamId: 'scripted-stream-' + (scripted.publishers.length + 1) };
                scripted.publishers.push(publisher);
                callback(undefined);
              }, 10),
              unpublish: publisher => { publisher.stream = null; },
              disconnect: () => emit('sessionDisconnected', { reason: 'clientDisconnected' }),
            };
            scripted.sessions.push(s);
            return s;
          }
          scripted.loseNetwork = () => {
            for (const publisher of scripted.publishers) {
              publisher.trigger('streamDestroyed', { reason: 'networkDisconnected', preventDefault() {} });
            }
            for (const s of scripted.sessions) {
              s.emit('sessionDisconnected', { reason: 'networkDisconnected' });
            }
          };
          let ot;
          Object.defineProperty(window, 'OT', {
            configurable: true,
            get: () => ot,
            set: value => { ot = value; if (value) { value.initSession = session; } },
          });
        })();
        """;
}
