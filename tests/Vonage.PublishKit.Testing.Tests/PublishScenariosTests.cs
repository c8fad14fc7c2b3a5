using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class PublishScenariosTests
{
    private readonly FakeTimeProvider _time = new();

    public static TheoryData<string> Names => new(PublishScenarios.Names);

    [Fact]
    public async Task HappyPath_PublishesWithRealisticOverlappingLatencies()
    {
        var scenario = PublishScenarios.HappyPath(_time);
        await using var orchestrator = scenario.CreateOrchestrator();

        var publish = orchestrator.PublishAsync("token");
        _time.Advance(TimeSpan.FromMilliseconds(200));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(publish.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var stream = await publish.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((200, 300, 100, 400), ((int)stream.InitializeDuration.TotalMilliseconds, (int)stream.ConnectDuration.TotalMilliseconds, (int)stream.PublishDuration.TotalMilliseconds, (int)stream.TotalDuration.TotalMilliseconds));
        Assert.Equal("fake-stream-1", stream.StreamId);
        Assert.Equal([scenario.PublisherFactory.LastCreated!], scenario.Session.Published);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EveryScenario_EndsAsDescribedAndReleasesFailedPublishers(string name)
    {
        var scenario = PublishScenarios.Create(name, _time);
        await using var orchestrator = scenario.CreateOrchestrator(new PublishOrchestratorOptions { Retry = null });
        string? lostMessage = null;
        orchestrator.NetworkDisconnected += (_, e) => lostMessage = e.UserMessage;

        var publish = orchestrator.PublishAsync("token");
        var outcome = await AdvanceUntilCompleteAsync(publish);
        _time.Advance(TimeSpan.FromSeconds(30));

        if (scenario.ExpectedException is null)
        {
            Assert.Null(outcome.Exception);
            Assert.Equal(scenario.ExpectedUserMessage, lostMessage);
        }
        else
        {
            var exception = Assert.IsAssignableFrom<PublishException>(outcome.Exception?.InnerException);
            Assert.Equal(scenario.ExpectedException, exception.GetType());
            Assert.Equal(scenario.ExpectedUserMessage, exception.UserMessage);
            Assert.Equal(1, scenario.PublisherFactory.LastCreated!.DisposeCount);
            Assert.Equal(PublishState.Idle, orchestrator.State);
        }
    }

    [Fact]
    public async Task AccessDenied_FailsWhenTheUserDenies()
    {
        var scenario = PublishScenarios.AccessDenied(_time);
        await using var orchestrator = scenario.CreateOrchestrator();

        var publish = orchestrator.PublishAsync("token");
        _time.Advance(PublishScenarios.DenyLatency - TimeSpan.FromMilliseconds(1));
        Assert.False(publish.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => publish.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1500, exception.SdkErrorCode);
    }

    [Fact]
    public async Task RestrictiveFirewall_EndsByTheWatchdogAfterPublishTimeout()
    {
        var scenario = PublishScenarios.RestrictiveFirewall(_time);
        await using var orchestrator = scenario.CreateOrchestrator(new PublishOrchestratorOptions { PublishTimeout = TimeSpan.FromSeconds(10), Retry = null });

        var publish = orchestrator.PublishAsync("token");
        _time.Advance(PublishScenarios.ConnectLatency);
        _time.Advance(TimeSpan.FromSeconds(10));

        var exception = await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.Equal(1, scenario.Session.Publish.Calls);
    }

    [Fact]
    public async Task StreamLost_RaisesNetworkDisconnectedAfterTheStreamLifetime()
    {
        var scenario = PublishScenarios.StreamLost(_time);
        await using var orchestrator = scenario.CreateOrchestrator();
        var lost = 0;
        orchestrator.NetworkDisconnected += (_, _) => lost++;
        var publish = orchestrator.PublishAsync("token");
        _time.Advance(PublishScenarios.ConnectLatency);
        _time.Advance(PublishScenarios.PublishLatency);
        await publish.WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(PublishScenarios.StreamLifetime);

        Assert.Equal(1, lost);
        Assert.Equal(PublishState.Idle, orchestrator.State);
        Assert.Equal(1, scenario.PublisherFactory.LastCreated!.DisposeCount);
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheNames()
    {
        var exception = Assert.Throws<ArgumentException>(() => PublishScenarios.Create("spinning-wheel"));

        Assert.Equal("name", exception.ParamName);
        Assert.All(PublishScenarios.Names, n => Assert.Contains(n, exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_IsCaseInsensitiveAndAllFollowsTheGuidesOrder()
    {
        Assert.Equal("offline", PublishScenarios.Create("OFFLINE").Name);
        Assert.Equal(PublishScenarios.Names, PublishScenarios.All(_time).Select(s => s.Name));
        Assert.Equal(["happy-path", "access-denied", "no-devices", "camera-in-use", "offline", "firewall", "stream-lost"], PublishScenarios.Names);
    }

    private async Task<Task> AdvanceUntilCompleteAsync(Task task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(task.IsCompleted, "the scenario did not complete in virtual time");
        return task;
    }
}
