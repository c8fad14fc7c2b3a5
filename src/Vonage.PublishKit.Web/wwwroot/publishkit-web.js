// Vonage.PublishKit.Web: the JavaScript side of the Blazor adapter over OpenTok.js (the global OT).
// Every function returns at once; what the SDK reports later comes back through the .NET callbacks object:
// complete(id, error, value) for an operation, event(name, reason, error) for an SDK event. So no JS interop
// call waits on the SDK, and the .NET side bounds every wait by its own cancellation.
// This module never bundles OpenTok.js: the app loads it (Vonage's script tag or its own npm install).

const notLoaded = {
  name: 'PUBLISHKIT_SDK_NOT_LOADED',
  message: 'OpenTok.js is not loaded (window.OT is undefined).',
};

function sdk() {
  return globalThis.OT;
}

function errorOf(error) {
  if (!error) {
    return null;
  }
  const code = typeof error.code === 'number' ? error.code : null;
  return { name: error.name ? String(error.name) : null, code, message: error.message ? String(error.message) : null };
}

// A closed circuit or a disposed callbacks object makes invokeMethodAsync fail: nobody listens any more.
function notify(callbacks, method, ...args) {
  try {
    const pending = callbacks.invokeMethodAsync(method, ...args);
    if (pending && typeof pending.catch === 'function') {
      pending.catch(() => {});
    }
  } catch {
    // Nothing to tell.
  }
}

function complete(callbacks, id, error, value) {
  notify(callbacks, 'Complete', id, errorOf(error), value ?? null);
}

function stopTracks(tracks) {
  for (const track of tracks) {
    try {
      track.stop();
    } catch {
      // Already stopped.
    }
  }
}

class PublisherHandle {
  constructor(callbacks) {
    this.callbacks = callbacks;
    this.publisher = null;
    this.tracks = new Set();
  }

  devices(id) {
    const OT = sdk();
    if (!OT) {
      complete(this.callbacks, id, notLoaded);
      return;
    }
    OT.getDevices((error, devices) => {
      if (error) {
        complete(this.callbacks, id, error);
        return;
      }
      const list = devices || [];
      const count = kind => list.filter(d => d.kind === kind).length;
      complete(this.callbacks, id, null, JSON.stringify({ audioInputs: count('audioInput'), videoInputs: count('videoInput') }));
    });
  }

  init(id, target, properties) {
    const OT = sdk();
    if (!OT) {
      complete(this.callbacks, id, notLoaded);
      return;
    }
    let publisher;
    try {
      publisher = OT.initPublisher(target || undefined, properties, error => complete(this.callbacks, id, error));
    } catch (error) {
      complete(this.callbacks, id, error);
      return;
    }
    this.publisher = publisher;
    const keep = stream => stream && stream.getTracks && stream.getTracks().forEach(t => this.tracks.add(t));
    publisher.on('mediaStreamAvailable', e => keep(e.mediaStream));
    publisher.on('videoElementCreated', e => keep(e.element && e.element.srcObject));
    publisher.on('accessDenied', e => notify(this.callbacks, 'Event', 'accessDenied', null, errorOf(e && e.error) ?? { name: 'OT_USER_MEDIA_ACCESS_DENIED', code: 1500, message: 'Access denied.' }));
    publisher.on('mediaStopped', () => notify(this.callbacks, 'Event', 'mediaStopped', 'mediaStopped', null));
    publisher.on('streamCreated', e => notify(this.callbacks, 'Event', 'streamCreated', e && e.stream ? e.stream.streamId : null, null));
    publisher.on('streamDestroyed', e => {
      // The app decides when the publisher goes: keep the camera until .NET releases it.
      if (e && typeof e.preventDefault === 'function') {
        e.preventDefault();
      }
      notify(this.callbacks, 'Event', 'streamDestroyed', e ? e.reason : null, null);
    });
  }

  streamId() {
    const stream = this.publisher && this.publisher.stream;
    return stream && stream.streamId ? stream.streamId : null;
  }

  dispose() {
    const publisher = this.publisher;
    this.publisher = null;
    if (publisher) {
      try {
        const source = publisher.getVideoSource && publisher.getVideoSource();
        if (source && source.track) {
          this.tracks.add(source.track);
        }
      } catch {
        // No video source.
      }
      try {
        publisher.off();
        publisher.destroy();
      } catch {
        // Already destroyed.
      }
    }
    stopTracks(this.tracks);
    this.tracks.clear();
  }
}

class SessionHandle {
  constructor(callbacks, apiKey, sessionId) {
    this.callbacks = callbacks;
    this.apiKey = apiKey;
    this.sessionId = sessionId;
    this.session = null;
  }

  ensure() {
    if (this.session) {
      return this.session;
    }
    const OT = sdk();
    if (!OT) {
      return null;
    }
    const session = OT.initSession(this.apiKey, this.sessionId);
    const forward = name => e => notify(this.callbacks, 'Event', name, e && e.reason ? String(e.reason) : null, null);
    session.on('sessionDisconnected', forward('sessionDisconnected'));
    session.on('sessionReconnecting', forward('sessionReconnecting'));
    session.on('sessionReconnected', forward('sessionReconnected'));
    this.session = session;
    return session;
  }

  connect(id, token) {
    this.run(id, session => session.connect(token, error => complete(this.callbacks, id, error)));
  }

  publish(id, handle) {
    this.run(id, session => {
      if (!handle || !handle.publisher) {
        complete(this.callbacks, id, { name: 'OT_INVALID_PARAMETER', code: 1011, message: 'The publisher is not initialized.' });
        return;
      }
      session.publish(handle.publisher, error => complete(this.callbacks, id, error, error ? null : handle.streamId()));
    });
  }

  unpublish(handle) {
    if (this.session && handle && handle.publisher) {
      this.session.unpublish(handle.publisher);
    }
  }

  run(id, action) {
    let session;
    try {
      session = this.ensure();
    } catch (error) {
      complete(this.callbacks, id, error);
      return;
    }
    if (!session) {
      complete(this.callbacks, id, notLoaded);
      return;
    }
    try {
      action(session);
    } catch (error) {
      complete(this.callbacks, id, error);
    }
  }

  disconnect() {
    if (this.session) {
      this.session.disconnect();
    }
  }

  dispose() {
    const session = this.session;
    this.session = null;
    if (session) {
      try {
        session.off();
        session.disconnect();
      } catch {
        // Already disconnected.
      }
    }
  }
}

export function createSession(callbacks, apiKey, sessionId) {
  return new SessionHandle(callbacks, apiKey, sessionId);
}

export function createPublisher(callbacks) {
  return new PublisherHandle(callbacks);
}
