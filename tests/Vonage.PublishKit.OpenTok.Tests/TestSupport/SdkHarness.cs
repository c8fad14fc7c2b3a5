using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests.TestSupport;

/// <summary>An adapter over the SDK stand-in: a context, an <see cref="OpenTokSession"/> and a factory, and an SDK that answers like the real one when told to.</summary>
internal sealed class SdkHarness : IDisposable
{
    public const string Token = "T1==secret-token";
    private OpenTokSession? _session;
    private int _streams;

    public SdkHarness(IDispatcher? dispatcher = null)
    {
        Context = new Context(dispatcher);
    }

    public Context Context { get; }

    public OpenTokOptions Options { get; } = new();

    public OpenTokSession Session => _session ??= new OpenTokSession(Context, "api-key", "session-id", Options);

    public SessionScript Sdk => Session.SdkSession.Script();

    public IReadOnlyList<Publisher> Publishers => ContextProbe.PublishersOf(Context);

    public PublisherScript LastPublisher => Publishers[^1].Script();

    public IReadOnlyList<string> Calls => Context.Probe().Log.Calls;

    public OpenTokPublisherFactory CreateFactory() => new(Context, Options);

    /// <summary>Connect raises Connected, Publish raises StreamCreated, Unpublish raises StreamDestroyed, Disconnect raises Disconnected, inside the call (the harshest re-entrancy).</summary>
    public SdkHarness AnswerEverything()
    {
        Sdk.OnConnect = _ => Sdk.RaiseConnected();
        Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-" + Interlocked.Increment(ref _streams));
        Sdk.OnUnpublish = p => p.Script().RaiseStreamDestroyed();
        Sdk.OnDisconnect = () => Sdk.RaiseDisconnected();
        return this;
    }

    /// <summary>Connects (the SDK answers Connect with Connected) and returns an initialized publisher.</summary>
    public async Task<IPublisher> ConnectAndInitializeAsync(PublisherSettings? settings = null)
    {
        Sdk.OnConnect ??= _ => Sdk.RaiseConnected();
        await Session.ConnectAsync(Token).OrTimeout();
        var publisher = CreateFactory().CreatePublisher(settings ?? new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();
        return publisher;
    }

    public void Dispose()
    {
        _session?.Dispose();
        Context.Dispose();
    }
}
