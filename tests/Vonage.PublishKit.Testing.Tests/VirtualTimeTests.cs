using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Vonage.PublishKit.Testing.Tests;

public class VirtualTimeTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AdvanceUntilCompletedAsync_DefaultRetriesWithJitter_EndsWithTheLastFailure()
    {
        var session = new FakeSession(_time) { Connect = { Default = FakeOutcome.Fail(PublishErrorKind.NotConnected) } };
        var factory = new FakePublisherFactory(_time);
        await using var orchestrator = new PublishOrchestrator(session, factory, new PublishOrchestratorOptions { TimeProvider = _time });

        var publish = orchestrator.PublishAsync("token");

        await Assert.ThrowsAsync<NotConnectedException>(() => VirtualTime.AdvanceUntilCompletedAsync(publish, _time.Advance));
        Assert.Equal(4, session.Connect.Calls); // the first try and the 3 default retries, whatever the jitter drew
    }

    [Fact]
    public async Task AdvanceUntilCompletedAsync_TaskWithAResult_ReturnsIt()
    {
        var delayed = Task.Delay(TimeSpan.FromMinutes(5), _time).ContinueWith(static _ => 42, TaskScheduler.Default);

        Assert.Equal(42, await VirtualTime.AdvanceUntilCompletedAsync(delayed, _time.Advance));
        Assert.True(_time.GetUtcNow() - _time.Start >= TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task AdvanceUntilCompletedAsync_NeverCompletes_ThrowsAfterTheLimitOfVirtualTime()
    {
        var never = new TaskCompletionSource().Task;

        await Assert.ThrowsAsync<TimeoutException>(() => VirtualTime.AdvanceUntilCompletedAsync(never, _time.Advance, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), _time.GetUtcNow() - _time.Start);
    }

    [Fact]
    public async Task AdvanceUntilCompletedAsync_BadArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("task", (await Assert.ThrowsAsync<ArgumentNullException>(() => VirtualTime.AdvanceUntilCompletedAsync(null!, _time.Advance))).ParamName);
        Assert.Equal("advance", (await Assert.ThrowsAsync<ArgumentNullException>(() => VirtualTime.AdvanceUntilCompletedAsync(Task.CompletedTask, null!))).ParamName);
        Assert.Equal("step", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VirtualTime.AdvanceUntilCompletedAsync(Task.CompletedTask, _time.Advance, TimeSpan.Zero, TimeSpan.FromSeconds(1)))).ParamName);
        Assert.Equal("limit", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VirtualTime.AdvanceUntilCompletedAsync(Task.CompletedTask, _time.Advance, TimeSpan.FromSeconds(1), TimeSpan.Zero))).ParamName);
    }
}
