using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>
/// Moq seams in virtual time: a session, a factory that hands out a fresh publisher mock per call, a fake
/// logger, and the options that tie them to a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class SeamHarness
{
    public const string Token = "T1==cGFydG5lcl9pZD0xMjM0NTY3OCZzaWc9c2VjcmV0";

    private readonly List<Mock<IPublisher>> _publishers = [];

    public SeamHarness()
    {
        // One attempt per call unless a test turns retries on: most tests are about a single attempt.
        Options = new PublishOrchestratorOptions { TimeProvider = Time, Retry = null };
        Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        Factory.Setup(f => f.CreatePublisher(It.IsAny<PublisherSettings>())).Returns(CreatePublisher);
    }

    public FakeTimeProvider Time { get; } = new();

    public Mock<ISession> Session { get; } = new();

    public Mock<IPublisherFactory> Factory { get; } = new();

    public FakeLogger<PublishOrchestrator> Logger { get; } = new();

    public PublishOrchestratorOptions Options { get; }

    /// <summary>Gets or sets how each new publisher mock is configured, after the defaults (initialize succeeds at once).</summary>
    public Action<Mock<IPublisher>>? ConfigurePublisher { get; set; }

    public IReadOnlyList<Mock<IPublisher>> Publishers
    {
        get
        {
            lock (_publishers)
            {
                return _publishers.ToArray();
            }
        }
    }

    public Mock<IPublisher> Publisher => Publishers.Single();

    public PublishOrchestrator CreateSut() => new(Session.Object, Factory.Object, Options, Logger);

    /// <summary>Makes the session run <paramref name="meanwhile"/> as it confirms a publish, before the orchestrator resumes.</summary>
    public void WhenSessionPublishes(Action meanwhile) =>
        Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(() =>
        {
            meanwhile();
            return Task.CompletedTask;
        });

    /// <summary>Raises <see cref="IPublisher.StreamDestroyed"/> on the only publisher, as the SDK would.</summary>
    public void RaiseStreamDestroyed(StreamDestroyedReason reason) =>
        Publisher.Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(reason));

    public void VerifyEveryPublisherDisposedOnce()
    {
        Assert.NotEmpty(Publishers);
        foreach (var publisher in Publishers)
        {
            publisher.Verify(p => p.DisposeAsync(), Times.Once);
        }
    }

    /// <summary>Advances virtual time in small steps until the task completes, failing instead of hanging.</summary>
    public async Task<T> AdvanceUntilCompleteAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        await Time.DriveAsync(task, step, maxSteps);
        return await task;
    }

    private IPublisher CreatePublisher()
    {
        var publisher = new Mock<IPublisher>();
        lock (_publishers)
        {
            _publishers.Add(publisher);
            publisher.SetupGet(p => p.StreamId).Returns($"stream-{_publishers.Count}");
        }

        publisher.Setup(p => p.InitializeAsync(It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        ConfigurePublisher?.Invoke(publisher);
        return publisher.Object;
    }
}
