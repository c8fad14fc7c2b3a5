using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit;

namespace VideoCallApp.Tests;

/// <summary>Testing the app with the fakes: the examples of docs/testing.md (DocsSnippetTests keeps them identical).</summary>
public class TestingWithFakesExamples
{
    // snippet: fakes-happy-path
    [Fact]
    public async Task HappyPath_ShowsTheStream()
    {
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.HappyPath(time);
        var viewModel = new CallViewModel(scenario.CreateOrchestrator());

        var start = viewModel.StartAsync("token");
        time.Advance(PublishScenarios.ConnectLatency); // initialize (200 ms) and connect (300 ms) overlap
        time.Advance(PublishScenarios.PublishLatency); // then publish (100 ms)
        await start;

        Assert.Equal("Live: fake-stream-1", viewModel.Status);
    }
    // end-snippet

    // snippet: fakes-access-denied
    [Fact]
    public async Task AccessDenied_AsksToAllowTheCamera()
    {
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.AccessDenied(time);
        var viewModel = new CallViewModel(scenario.CreateOrchestrator());

        var start = viewModel.StartAsync("token");
        time.Advance(PublishScenarios.DenyLatency);
        await start;

        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", viewModel.Status);
        Assert.Equal(1, scenario.PublisherFactory.LastCreated!.DisposeCount);
    }
    // end-snippet

    // snippet: fakes-no-devices
    [Fact]
    public async Task NoDevices_AsksToCheckTheWebcam()
    {
        var session = new FakeSession();
        var factory = new FakePublisherFactory();
        factory.Initialize.Default = FakeOutcome.Fail(PublishErrorKind.DeviceUnavailable);
        var viewModel = new CallViewModel(new PublishOrchestrator(session, factory));

        await viewModel.StartAsync("token");

        Assert.Equal(new DeviceUnavailableException().UserMessage, viewModel.Status);
        Assert.Equal(1, factory.LastCreated!.DisposeCount);
    }
    // end-snippet

    // snippet: fakes-camera-in-use
    [Fact]
    public async Task CameraInUse_AsksToCloseTheOtherApp()
    {
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.CameraInUse(time);
        var viewModel = new CallViewModel(scenario.CreateOrchestrator());

        var start = viewModel.StartAsync("token");
        time.Advance(PublishScenarios.DeviceBusyLatency);
        await start;

        Assert.Equal(scenario.ExpectedUserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: fakes-offline
    [Fact]
    public async Task Offline_SaysNotConnected()
    {
        var session = new FakeSession();
        session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected);
        var factory = new FakePublisherFactory();
        var oneAttempt = new PublishOrchestratorOptions { Retry = null }; // this test is about the final message
        var viewModel = new CallViewModel(new PublishOrchestrator(session, factory, oneAttempt));

        await viewModel.StartAsync("token");

        Assert.Equal("Publishing your video failed. You are not connected to the internet.", viewModel.Status);
        Assert.Empty(session.Published);
    }
    // end-snippet

    // snippet: fakes-firewall
    [Fact]
    public async Task Firewall_PublishSpinsUntilTheWatchdogFires()
    {
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.RestrictiveFirewall(time);
        var viewModel = new CallViewModel(scenario.CreateOrchestrator(new() { Retry = null }));

        var start = viewModel.StartAsync("token");
        time.Advance(PublishScenarios.ConnectLatency);
        time.Advance(PublishOrchestratorOptions.DefaultPublishTimeout);
        await start;

        Assert.Equal("Publishing your video failed. This could be due to a restrictive firewall.", viewModel.Status);
    }
    // end-snippet

    // snippet: fakes-stream-lost
    [Fact]
    public async Task StreamLost_AsksToCheckTheConnection()
    {
        var time = new FakeTimeProvider();
        var scenario = PublishScenarios.StreamLost(time);
        var viewModel = new CallViewModel(scenario.CreateOrchestrator());

        var start = viewModel.StartAsync("token");
        time.Advance(PublishScenarios.ConnectLatency);
        time.Advance(PublishScenarios.PublishLatency);
        await start;
        time.Advance(PublishScenarios.StreamLifetime);

        Assert.Equal(NetworkDisconnectedEventArgs.DefaultUserMessage, viewModel.Status);
    }
    // end-snippet

    // snippet: fakes-offline-then-online
    [Fact]
    public async Task OfflineThenOnline_PublishesAfterARetry()
    {
        var time = new FakeTimeProvider();
        var session = new FakeSession(time);
        session.Connect.Enqueue(FakeOutcome.Fail(PublishErrorKind.NotConnected)); // first attempt only
        var factory = new FakePublisherFactory(time);
        var options = new PublishOrchestratorOptions { TimeProvider = time, Retry = new() { UseJitter = false } };
        var viewModel = new CallViewModel(new PublishOrchestrator(session, factory, options));

        var start = viewModel.StartAsync("token");
        time.Advance(PublishRetryOptions.DefaultBaseDelay); // the backoff before the first retry
        await start;

        Assert.Equal("Live: fake-stream-1", viewModel.Status);
        Assert.Equal([1, 0], factory.Created.Select(p => p.DisposeCount)); // the failed attempt's publisher was released
    }
    // end-snippet

    // snippet: fakes-default-retries
    [Fact]
    public async Task OfflineForGood_GivesUpAfterTheDefaultRetries()
    {
        var time = new FakeTimeProvider();
        var session = new FakeSession(time) { Connect = { Default = FakeOutcome.Fail(PublishErrorKind.NotConnected) } };
        var factory = new FakePublisherFactory(time);
        var viewModel = new CallViewModel(new PublishOrchestrator(session, factory, new() { TimeProvider = time })); // default retries, jitter on

        // The backoff's jitter makes the schedule unknown: step virtual time until the call is done.
        await VirtualTime.AdvanceUntilCompletedAsync(viewModel.StartAsync("token"), time.Advance);

        Assert.Equal(new NotConnectedException().UserMessage, viewModel.Status);
        Assert.Equal(4, factory.Created.Count); // the first try and 3 retries, each with a fresh publisher
        Assert.All(factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }
    // end-snippet
}
