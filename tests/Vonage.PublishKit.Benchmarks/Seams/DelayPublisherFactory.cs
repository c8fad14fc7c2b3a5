using System;
using System.Threading;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Benchmarks.Seams;

/// <summary>Creates publishers whose initialize takes a fixed wall-clock time.</summary>
public sealed class DelayPublisherFactory(TimeSpan initialize) : IPublisherFactory
{
    public IPublisher CreatePublisher(PublisherSettings settings) => new DelayPublisher(initialize);

    private sealed class DelayPublisher(TimeSpan initialize) : IPublisher
    {
        public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed
        {
            add { }
            remove { }
        }

        public string? StreamId => "stream-1";

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.Delay(initialize, cancellationToken);

        public ValueTask DisposeAsync() => default;
    }
}
