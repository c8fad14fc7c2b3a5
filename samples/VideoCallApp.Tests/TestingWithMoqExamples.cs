using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Vonage.PublishKit;

namespace VideoCallApp.Tests;

/// <summary>Testing the app with Moq: the examples of docs/testing.md (DocsSnippetTests keeps them identical).</summary>
public class TestingWithMoqExamples
{
    // snippet: moq-orchestrator
    [Fact]
    public async Task MockedOrchestrator_AnyErrorShowsItsUserMessage()
    {
        var orchestrator = new Mock<PublishOrchestrator>();
        orchestrator.Setup(o => o.PublishAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(PublishErrors.NotConnected());
        var viewModel = new CallViewModel(orchestrator.Object);

        await viewModel.StartAsync("token");

        Assert.Equal(new NotConnectedException().UserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: moq-orchestrator-events
    [Fact]
    public void MockedOrchestrator_NetworkLossShowsItsUserMessage()
    {
        var orchestrator = new Mock<PublishOrchestrator>();
        var viewModel = new CallViewModel(orchestrator.Object);

        orchestrator.Raise(o => o.NetworkDisconnected += null, new NetworkDisconnectedEventArgs(Mock.Of<IPublisher>(), "stream-1"));

        Assert.Equal(new NetworkDisconnectedEventArgs(Mock.Of<IPublisher>(), null).UserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: moq-happy-path
    [Fact]
    public async Task HappyPath_ShowsTheStream()
    {
        var publisher = Mock.Of<IPublisher>(p => p.StreamId == "stream-1");
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == publisher);
        var viewModel = new CallViewModel(new PublishOrchestrator(Mock.Of<ISession>(), factory));

        await viewModel.StartAsync("token");

        Assert.Equal("Live: stream-1", viewModel.Status);
    }
    // end-snippet

    // snippet: moq-access-denied
    [Fact]
    public async Task AccessDenied_AsksToAllowTheCameraAndReleasesIt()
    {
        var publisher = new Mock<IPublisher>();
        publisher.Setup(p => p.InitializeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.AccessDenied());
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == publisher.Object);
        var viewModel = new CallViewModel(new PublishOrchestrator(Mock.Of<ISession>(), factory));

        await viewModel.StartAsync("token");

        Assert.Equal(new AccessDeniedException().UserMessage, viewModel.Status);
        publisher.Verify(p => p.DisposeAsync(), Times.Once);
    }
    // end-snippet

    // snippet: moq-devices
    [Theory]
    [InlineData(SdkErrorNames.NoDevicesFound)]
    [InlineData(SdkErrorNames.HardwareUnavailable)] // the camera is held by another application
    public async Task DeviceErrors_AskToCheckTheWebcam(string sdkErrorName)
    {
        var publisher = new Mock<IPublisher>();
        publisher.Setup(p => p.InitializeAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(PublishErrors.FromSdkError(null, sdkErrorName, null, PublishPhase.Initialize));
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == publisher.Object);
        var viewModel = new CallViewModel(new PublishOrchestrator(Mock.Of<ISession>(), factory));

        await viewModel.StartAsync("token");

        Assert.Equal(new DeviceUnavailableException().UserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: moq-offline
    [Fact]
    public async Task Offline_SaysNotConnected()
    {
        var session = new Mock<ISession>();
        session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(PublishErrors.NotConnected());
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == Mock.Of<IPublisher>());
        var viewModel = new CallViewModel(new PublishOrchestrator(session.Object, factory, new() { Retry = null }));

        await viewModel.StartAsync("token");

        Assert.Equal(new NotConnectedException().UserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: moq-firewall
    [Fact]
    public async Task Firewall_PublishSpinsUntilTheWatchdogFires()
    {
        var time = new FakeTimeProvider();
        var session = new Mock<ISession>();
        session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource().Task);
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == Mock.Of<IPublisher>());
        var viewModel = new CallViewModel(new PublishOrchestrator(session.Object, factory, new() { TimeProvider = time, Retry = null }));

        var start = viewModel.StartAsync("token");
        time.Advance(PublishOrchestratorOptions.DefaultPublishTimeout);
        await start;

        Assert.Equal(new PeerConnectionFailedException().UserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: moq-retries
    [Fact]
    public async Task TransientFailure_IsRetriedWithAFreshPublisher()
    {
        // A new mock per call: the orchestrator disposes each failed try's publisher, so one mock handed to
        // every retry would be disposed once per try (and its setups shared between tries).
        var publishers = new List<Mock<IPublisher>>();
        var factory = new Mock<IPublisherFactory>();
        factory.Setup(f => f.CreatePublisher(It.IsAny<PublisherSettings>())).Returns(() =>
        {
            var publisher = new Mock<IPublisher>();
            publishers.Add(publisher);
            return publisher.Object;
        });
        var session = new Mock<ISession>();
        session.SetupSequence(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(PublishErrors.PeerConnectionFailed())
            .Returns(Task.CompletedTask);
        var time = new FakeTimeProvider();
        var options = new PublishOrchestratorOptions { TimeProvider = time, Retry = new() { UseJitter = false } };
        var viewModel = new CallViewModel(new PublishOrchestrator(session.Object, factory.Object, options));

        var start = viewModel.StartAsync("token");
        time.Advance(PublishRetryOptions.DefaultBaseDelay); // the backoff before the retry
        await start;

        Assert.StartsWith("Live", viewModel.Status, StringComparison.Ordinal);
        Assert.Equal(2, publishers.Count);
        publishers[0].Verify(p => p.DisposeAsync(), Times.Once);
        publishers[1].Verify(p => p.DisposeAsync(), Times.Never);
    }
    // end-snippet

    // snippet: moq-stream-lost
    [Fact]
    public async Task StreamLost_AsksToCheckTheConnection()
    {
        var publisher = new Mock<IPublisher>();
        var factory = Mock.Of<IPublisherFactory>(f => f.CreatePublisher(It.IsAny<PublisherSettings>()) == publisher.Object);
        var viewModel = new CallViewModel(new PublishOrchestrator(Mock.Of<ISession>(), factory));
        await viewModel.StartAsync("token");

        publisher.Raise(p => p.StreamDestroyed += null, new StreamDestroyedEventArgs(StreamDestroyedReason.NetworkDisconnected));

        Assert.Equal(NetworkDisconnectedEventArgs.DefaultUserMessage, viewModel.Status);
        publisher.Verify(p => p.DisposeAsync(), Times.Once);
    }
    // end-snippet
}
