using System.Threading.Tasks;
using Vonage.PublishKit.Benchmarks.Seams;

namespace Vonage.PublishKit.Benchmarks;

/// <summary>
/// N orchestrators (one stream each), each with its own session and publisher whose connect and initialize stay
/// pending until <see cref="CompleteSeams"/>. Default options: the phase timeouts are armed while pending.
/// </summary>
public sealed class PendingFleet
{
    private const string Token = "token";
    private readonly PendingSession[] _sessions;
    private readonly PendingPublisherFactory[] _publishers;
    private readonly PublishOrchestrator[] _orchestrators;

    public PendingFleet(int count)
    {
        _sessions = new PendingSession[count];
        _publishers = new PendingPublisherFactory[count];
        _orchestrators = new PublishOrchestrator[count];
        Publishes = new Task<PublishedStream>[count];
        for (var i = 0; i < count; i++)
        {
            _sessions[i] = new PendingSession();
            _publishers[i] = new PendingPublisherFactory();
        }
    }

    public Task<PublishedStream>[] Publishes { get; }

    public void CreateOrchestrators()
    {
        for (var i = 0; i < _orchestrators.Length; i++)
        {
            _orchestrators[i] = new PublishOrchestrator(_sessions[i], _publishers[i]);
        }
    }

    public void StartPublishes()
    {
        for (var i = 0; i < _orchestrators.Length; i++)
        {
            Publishes[i] = _orchestrators[i].PublishAsync(Token);
        }
    }

    public Task CompleteSeams()
    {
        for (var i = 0; i < _sessions.Length; i++)
        {
            _publishers[i].Complete();
            _sessions[i].Complete();
        }

        return Task.WhenAll(Publishes);
    }

    public void Dispose()
    {
        CompleteSeams().GetAwaiter().GetResult();
        foreach (var orchestrator in _orchestrators)
        {
            orchestrator.UnpublishAsync().GetAwaiter().GetResult();
            orchestrator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
