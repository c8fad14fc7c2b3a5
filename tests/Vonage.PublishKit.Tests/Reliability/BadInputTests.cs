using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Every public entry point with null, empty, white-space, out-of-range and after-dispose arguments: each gets
/// the documented exception naming the parameter, and the orchestrator keeps working afterwards.
/// </summary>
public class BadInputTests
{
    private static readonly FakeSession Session = new();
    private static readonly FakePublisherFactory Factory = new();

    public static TheoryData<string, Action, Type, string?> Cases => new()
    {
        { "constructor: null session", () => _ = new PublishOrchestrator(null!, Factory), typeof(ArgumentNullException), "session" },
        { "constructor: null factory", () => _ = new PublishOrchestrator(Session, null!), typeof(ArgumentNullException), "publisherFactory" },
        { "constructor: null options", () => _ = new PublishOrchestrator(Session, Factory, null!), typeof(ArgumentNullException), "options" },
        { "options: zero InitializeTimeout", () => Create(o => o.InitializeTimeout = TimeSpan.Zero), typeof(ArgumentOutOfRangeException), "InitializeTimeout" },
        { "options: negative ConnectTimeout", () => Create(o => o.ConnectTimeout = TimeSpan.FromSeconds(-1)), typeof(ArgumentOutOfRangeException), "ConnectTimeout" },
        { "options: PublishTimeout beyond timers", () => Create(o => o.PublishTimeout = TimeSpan.FromDays(100)), typeof(ArgumentOutOfRangeException), "PublishTimeout" },
        { "options: null TimeProvider", () => Create(o => o.TimeProvider = null!), typeof(ArgumentNullException), "TimeProvider" },
        { "options: null Publisher", () => Create(o => o.Publisher = null!), typeof(ArgumentNullException), "Publisher" },
        { "options: zero retries", () => Create(o => o.Retry = new PublishRetryOptions { MaxRetryAttempts = 0 }), typeof(ArgumentOutOfRangeException), "Retry.MaxRetryAttempts" },
        { "options: negative retry delay", () => Create(o => o.Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromSeconds(-1) }), typeof(ArgumentOutOfRangeException), "Retry.BaseDelay" },
        { "options: max delay below base", () => Create(o => o.Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }), typeof(ArgumentOutOfRangeException), "Retry.MaxDelay" },
        { "PublishedStream: null publisher", () => _ = new PublishedStream(null!, "s", default, default, default, default), typeof(ArgumentNullException), "publisher" },
        { "NetworkDisconnectedEventArgs: null publisher", () => _ = new NetworkDisconnectedEventArgs(null!, "s"), typeof(ArgumentNullException), "publisher" },
        { "PublishRetryingEventArgs: null exception", () => _ = new PublishRetryingEventArgs(1, TimeSpan.Zero, null!, isRepublish: false), typeof(ArgumentNullException), "exception" },
        { "RepublishedEventArgs: null stream", () => _ = new RepublishedEventArgs(null!), typeof(ArgumentNullException), "stream" },
        { "RepublishFailedEventArgs: null exception", () => _ = new RepublishFailedEventArgs(null!), typeof(ArgumentNullException), "exception" },
        { "AddPublishKit: null services", () => PublishKitServiceCollectionExtensions.AddPublishKit(null!, _ => { }), typeof(ArgumentNullException), "services" },
        { "AddPublishKit: null configure", () => new ServiceCollection().AddPublishKit((Action<PublishOrchestratorOptions>)null!), typeof(ArgumentNullException), "configure" },
        { "AddPublishKit: null configuration", () => new ServiceCollection().AddPublishKit((Microsoft.Extensions.Configuration.IConfiguration)null!), typeof(ArgumentNullException), "configuration" },
    };

    /// <summary>Option errors surface at startup (ValidateOnStart), so their messages say what is allowed.</summary>
    public static TheoryData<Action<PublishOrchestratorOptions>, string> OptionMessages => new()
    {
        { o => o.InitializeTimeout = TimeSpan.Zero, "PublishOrchestratorOptions.InitializeTimeout must be greater than zero and at most 24.20:31:23.6470000, or Timeout.InfiniteTimeSpan to wait forever." },
        { o => o.ReleaseTimeout = Timeout.InfiniteTimeSpan, "PublishOrchestratorOptions.ReleaseTimeout must be finite: UnpublishAsync and DisposeAsync always complete." },
        { o => o.TimeProvider = null!, "PublishOrchestratorOptions.TimeProvider must not be null." },
        { o => o.Publisher = null!, "PublishOrchestratorOptions.Publisher must not be null." },
        { o => o.Retry = new PublishRetryOptions { MaxRetryAttempts = 0 }, "Retry.MaxRetryAttempts must be at least 1. To turn retries off, set Retry to null." },
        { o => o.Retry = new PublishRetryOptions { BaseDelay = TimeSpan.Zero }, "Retry.BaseDelay must be greater than zero and at most one day." },
        { o => o.Retry = new PublishRetryOptions { MaxDelay = TimeSpan.FromDays(1) + TimeSpan.FromTicks(1) }, "Retry.MaxDelay must be at least Retry.BaseDelay and at most one day." },
    };

    /// <summary>The largest and tightest values each option allows.</summary>
    public static TheoryData<string, Action<PublishOrchestratorOptions>> OptionLimits => new()
    {
        { "timeouts at the timer limit", o => o.InitializeTimeout = o.ConnectTimeout = o.PublishTimeout = TimeSpan.FromMilliseconds(int.MaxValue) },
        { "infinite timeouts", o => o.InitializeTimeout = o.ConnectTimeout = o.PublishTimeout = Timeout.InfiniteTimeSpan },
        { "one retry", o => o.Retry = new PublishRetryOptions { MaxRetryAttempts = 1 } },
        { "delays of one day", o => o.Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromDays(1), MaxDelay = TimeSpan.FromDays(1) } },
        { "max delay equal to base delay", o => o.Retry = new PublishRetryOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(2) } },
    };

    public static TheoryData<string?, Type> Tokens => new()
    {
        { null, typeof(ArgumentNullException) },
        { string.Empty, typeof(ArgumentException) },
        { " ", typeof(ArgumentException) },
        { "\t\n", typeof(ArgumentException) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EntryPoint_BadArgument_ThrowsTheDocumentedExceptionNamingIt(string entryPoint, Action call, Type expected, string? parameter)
    {
        var exception = Assert.Throws(expected, call);

        Assert.Equal(parameter, ((ArgumentException)exception).ParamName);
        Assert.False(string.IsNullOrWhiteSpace(exception.Message), entryPoint);
    }

    [Theory]
    [MemberData(nameof(OptionMessages))]
    public void Options_BadValue_MessageSaysWhatIsAllowed(Action<PublishOrchestratorOptions> configure, string expected)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => Create(configure));

        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OptionLimits))]
    public async Task Options_AtTheirLimits_AreAccepted(string limit, Action<PublishOrchestratorOptions> configure)
    {
        var options = new PublishOrchestratorOptions();
        configure(options);

        await using var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory(), options);

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.True(sut.State == PublishState.Published, limit);
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task PublishAsync_BadToken_ThrowsAndTheOrchestratorStillPublishes(string? token, Type expected)
    {
        await using var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory(), new PublishOrchestratorOptions { Retry = null });

        var exception = Assert.Throws(expected, () => { _ = sut.PublishAsync(token!); });

        Assert.Equal("token", ((ArgumentException)exception).ParamName);
        Assert.Equal(PublishState.Idle, sut.State);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task Calls_AfterDispose_ThrowObjectDisposedAndDisposeStaysIdempotent()
    {
        var sut = new PublishOrchestrator(new FakeSession(), new FakePublisherFactory());
        await sut.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });
        Assert.Throws<ObjectDisposedException>(() => { _ = sut.UnpublishAsync(); });
        await sut.DisposeAsync();
        Assert.Equal(PublishState.Disposed, sut.State);
    }

    [Fact]
    public async Task PublishAsync_WhileBusy_ThrowsAndLeavesTheCallInFlightIntact()
    {
        var session = new FakeSession();
        session.Publish.Default = FakeOutcome.Hang();
        await using var sut = new PublishOrchestrator(session, new FakePublisherFactory(), new PublishOrchestratorOptions { Retry = null, PublishTimeout = Timeout.InfiniteTimeSpan });
        var first = sut.PublishAsync(SeamHarness.Token);

        Assert.Throws<InvalidOperationException>(() => { _ = sut.PublishAsync(SeamHarness.Token); });

        Assert.False(first.IsCompleted);
        await sut.UnpublishAsync().OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.OrTimeout());
    }

    private static void Create(Action<PublishOrchestratorOptions> configure)
    {
        var options = new PublishOrchestratorOptions();
        configure(options);
        _ = new PublishOrchestrator(Session, Factory, options);
    }
}
