using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Polly;
using Polly.Retry;
using Vonage.PublishKit.Testing;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

/// <summary>
/// Adapters, clocks, options and pipelines that misbehave in ways the earlier passes did not try: a clock that
/// throws, null tasks and null event arguments, cancellation callbacks that throw, a session that calls back into
/// the orchestrator or raises its events from inside a call, adapter errors that echo the token, adapter members
/// that block before returning their task.
/// </summary>
public class AdversarialAdapterTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly HookSession _session;
    private readonly HostileFactory _factory;

    public AdversarialAdapterTests()
    {
        _session = new HookSession(_time);
        _factory = new HostileFactory(_time);
    }

    [Fact]
    public async Task Adversarial_ClockGetTimestampThrows_PublishEndsTypedAndDisposeCompletes()
    {
        var clock = new HostileClock(_time);
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = clock, Retry = null });
        clock.ThrowOnTimestamp = true;

        var outcome = await Record.ExceptionAsync(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
        var state = sut.State;
        var disposal = await Record.ExceptionAsync(() => sut.DisposeAsync().AsTask().OrTimeout());

        Assert.True(
            (outcome is null or PublishException or OperationCanceledException) && state != PublishState.Publishing && disposal is null,
            $"PublishAsync ended with {outcome?.GetType().FullName} ({outcome?.Message}); state then {state}; DisposeAsync: {disposal?.GetType().Name ?? "completed"}");
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
    }

    [Fact]
    public async Task Adversarial_ClockFrequencyThrows_PublishSucceedsWithZeroDurations()
    {
        // Durations are the clock's arithmetic (GetElapsedTime reads its frequency): a clock that cannot do it costs
        // the durations, reported as zero, and nothing else.
        var clock = new HostileClock(_time) { ThrowOnFrequency = true };
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = clock, Retry = null });

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal(TimeSpan.Zero, stream.InitializeDuration + stream.ConnectDuration + stream.PublishDuration + stream.TotalDuration);
    }

    [Fact]
    public async Task Adversarial_ClockGetTimestampThrowsWhileAPhaseWaits_PublishFailsTypedAndReleases()
    {
        var clock = new HostileClock(_time);
        _session.Connect.Default = FakeOutcome.Hang();
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = clock, Retry = null });

        // The connect phase waits; when its timer fires, the clock it must read to time it throws.
        var publish = sut.PublishAsync(SeamHarness.Token);
        clock.ThrowOnTimestamp = true;
        _time.Advance(TimeSpan.FromMinutes(1));
        var exception = await Assert.ThrowsAsync<PublishException>(() => publish.OrTimeout());

        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (exception.Kind, exception.Phase));
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_ClockCreateTimerThrows_PublishFailsTypedAndReleases()
    {
        var clock = new HostileClock(_time) { ThrowOnCreateTimer = true };
        _session.Connect.Default = FakeOutcome.Succeed().After(TimeSpan.FromSeconds(1));
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = clock, Retry = null });

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_StreamDestroyedAddThrowsOnceUnderPipelineRetryingEverything_DoesNotWedgeAndReleasesBoth()
    {
        _factory.Configure = p => p.AddThrows = _factory.Created.Count == 0;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions { ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is PublishException), MaxRetryAttempts = 1, Delay = TimeSpan.Zero })
            .Build();
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, ResiliencePipeline = pipeline });

        var publish = sut.PublishAsync(SeamHarness.Token);
        var waited = await Record.ExceptionAsync(() => publish.OrTimeout());
        var state = sut.State;
        var created = _factory.Created.Count;

        // Disposal stops a wedged attempt, so the rest of the run is not left with it.
        await sut.DisposeAsync().AsTask().OrTimeout();
        await Record.ExceptionAsync(() => publish.OrTimeout());

        Assert.False(waited is TimeoutException, $"PublishAsync never completed; state {state}, {created} publisher(s) created");
        await Invariants.OneOutcome(publish);

        Assert.Equal(2, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task Adversarial_AdapterErrorEchoesTheToken_ExceptionToStringNeverShowsIt()
    {
        _session.Connect.Default = FakeOutcome.Fail(new InvalidOperationException("The server refused token " + SeamHarness.Token + "."));
        await using var sut = CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.DoesNotContain(SeamHarness.Token, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SeamHarness.Token, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_SessionUnpublishThrowsAtOnce_UnpublishCompletesReleasesAndLogs()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<PublishOrchestrator>();
        _session.UnpublishWith = _ => throw new InvalidOperationException("a broken unpublish");
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null }, logger);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "UnpublishFailed" && (r.Exception?.ToString() ?? string.Empty).Contains("a broken unpublish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adversarial_AdapterErrorEchoesTheToken_NoLogRecordShowsIt()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<PublishOrchestrator>();
        _session.UnpublishWith = _ => Task.FromException(new InvalidOperationException("Unpublish refused for token " + SeamHarness.Token + "."));
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null }, logger);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.NotEmpty(logger.Collector.GetSnapshot());
        Assert.All(logger.Collector.GetSnapshot(), record =>
        {
            Assert.DoesNotContain(SeamHarness.Token, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(SeamHarness.Token, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Adversarial_NetworkDisconnectedHandlerDisposes_LaterHandlersAreNotRaisedAfterDisposed()
    {
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        Task? dispose = null;
        var raisedAfterDisposed = new List<string>();
        sut.NetworkDisconnected += (_, _) => dispose ??= sut.DisposeAsync().AsTask();
        sut.NetworkDisconnected += (_, _) =>
        {
            if (sut.State == PublishState.Disposed)
            {
                raisedAfterDisposed.Add("NetworkDisconnected");
            }
        };

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await dispose!.OrTimeout();

        Assert.True(raisedAfterDisposed.Count == 0, $"Raised after the transition to Disposed: {string.Join(", ", raisedAfterDisposed)} (DisposeAsync: no event is raised after it)");
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_NullEventArguments_StreamEndsAndPublisherIsReleasedOnce()
    {
        var harness = new SeamHarness();
        await using var sut = harness.CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        harness.Publishers[0].Raise(p => p.StreamDestroyed += null, [null!, null!]);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        harness.Session.Raise(s => s.Disconnected += null, [null!, null!]);

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(2, harness.Publishers.Count);
        harness.VerifyEveryPublisherDisposedOnce();
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("connect")]
    [InlineData("publish")]
    [InlineData("unpublish")]
    [InlineData("dispose-throws")]
    public async Task Adversarial_SeamReturnsNullOrThrowsSynchronously_OutcomeTypedAndReleasedOnce(string seam)
    {
        var harness = new SeamHarness();
        switch (seam)
        {
            case "initialize":
                harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns((Task)null!);
                break;
            case "connect":
                harness.Session.Setup(s => s.ConnectAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((Task)null!);
                break;
            case "publish":
                harness.Session.Setup(s => s.PublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns((Task)null!);
                break;
            case "unpublish":
                harness.Session.Setup(s => s.UnpublishAsync(It.IsAny<IPublisher>(), It.IsAny<CancellationToken>())).Returns((Task)null!);
                break;
            default:
                harness.ConfigurePublisher = p => p.Setup(x => x.DisposeAsync()).Throws(new InvalidOperationException("a broken DisposeAsync"));
                break;
        }

        var sut = harness.CreateSut();
        if (seam is "unpublish" or "dispose-throws")
        {
            await sut.PublishAsync(SeamHarness.Token).OrTimeout();
            await sut.UnpublishAsync().OrTimeout();
            await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        }
        else
        {
            var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());
            Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
            Assert.Equal(PublishState.Idle, sut.State);
        }

        await sut.DisposeAsync().AsTask().OrTimeout();
        harness.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task Adversarial_IsConnectedThrows_FailsTypedAndReleases()
    {
        var harness = new SeamHarness();
        harness.Session.SetupGet(s => s.IsConnected).Throws(new InvalidOperationException("a broken IsConnected"));
        await using var sut = harness.CreateSut();

        var exception = await Assert.ThrowsAsync<PublishException>(() => sut.PublishAsync(SeamHarness.Token).OrTimeout());

        Assert.Equal((PublishErrorKind.Unknown, PublishPhase.Connect), (exception.Kind, exception.Phase));
        Assert.Equal(PublishState.Idle, sut.State);
        harness.VerifyEveryPublisherDisposedOnce();
    }

    [Theory]
    [InlineData("caller")]
    [InlineData("unpublish")]
    [InlineData("dispose")]
    public async Task Adversarial_SeamCancellationCallbackThrows_StopStillCompletesAndReleases(string stop)
    {
        var harness = new SeamHarness();
        harness.ConfigurePublisher = p => p.Setup(x => x.InitializeAsync(It.IsAny<CancellationToken>())).Returns((CancellationToken ct) =>
        {
            var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ct.Register(() => throw new InvalidOperationException("a broken cancellation callback"));
            ct.Register(() => pending.TrySetCanceled(ct));
            return pending.Task;
        });
        var sut = harness.CreateSut();
        using var cts = new CancellationTokenSource();
        var publish = sut.PublishAsync(SeamHarness.Token, cts.Token);

        Task stopping = Task.CompletedTask;
        switch (stop)
        {
            case "caller":
                _ = Record.Exception(cts.Cancel);
                break;
            case "unpublish":
                stopping = sut.UnpublishAsync();
                break;
            default:
                stopping = sut.DisposeAsync().AsTask();
                break;
        }

        await stopping.OrTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.Equal(stop == "dispose" ? PublishState.Disposed : PublishState.Idle, sut.State);
        await sut.DisposeAsync().AsTask().OrTimeout();
        harness.VerifyEveryPublisherDisposedOnce();
    }

    [Fact]
    public async Task Adversarial_OptionsMutatedAfterConstruction_HaveNoEffect()
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, Publisher = new PublisherSettings { Name = "before" } };
        await using var sut = new PublishOrchestrator(_session, _factory, options);
        options.Publisher.Name = "after";
        options.Publisher = new PublisherSettings { PublishVideo = false };
        options.RepublishAfterNetworkLoss = true;
        options.TokenProvider = _ => throw new InvalidOperationException("a provider set too late");
        options.TimeProvider = null!;
        options.ReleaseTimeout = TimeSpan.Zero;

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);

        Assert.Equal(PublishState.Idle, sut.State);
        var publisher = Assert.Single(_factory.Created);
        Assert.Equal(("before", true), (publisher.Settings.Name, publisher.Settings.PublishVideo));
        Assert.Equal(1, publisher.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_FactoryMutatesTheSettingsItIsGiven_NextPublisherGetsTheOriginals()
    {
        _factory.Configure = p => p.Settings.Name = "hijacked";
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, Publisher = new PublisherSettings { Name = "mine" } });

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await sut.UnpublishAsync().OrTimeout();
        _factory.Configure = null;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal("mine", _factory.Last.Settings.Name);
    }

    [Theory]
    [InlineData(nameof(PublisherSettings.Name))]
    [InlineData(nameof(PublisherSettings.PublishAudio))]
    [InlineData(nameof(PublisherSettings.PublishVideo))]
    [InlineData(nameof(PublisherSettings.Camera))]
    [InlineData(nameof(PublisherSettings.Microphone))]
    public async Task Adversarial_FactoryChangesOneSetting_NextPublisherGetsEveryOriginal(string setting)
    {
        var original = new PublisherSettings { Name = "mine", Camera = "cam-1", Microphone = "mic-1" };
        _factory.Configure = p =>
        {
            switch (setting)
            {
                case nameof(PublisherSettings.Name): p.Settings.Name = "changed"; break;
                case nameof(PublisherSettings.PublishAudio): p.Settings.PublishAudio = false; break;
                case nameof(PublisherSettings.PublishVideo): p.Settings.PublishVideo = false; break;
                case nameof(PublisherSettings.Camera): p.Settings.Camera = "cam-2"; break;
                default: p.Settings.Microphone = "mic-2"; break;
            }
        };
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, Publisher = original });

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        await sut.UnpublishAsync().OrTimeout();
        _factory.Configure = null;
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        var last = _factory.Last.Settings;
        Assert.Equal(("mine", true, true, "cam-1", "mic-1"), (last.Name, last.PublishAudio, last.PublishVideo, last.Camera, last.Microphone));
    }

    [Fact]
    public async Task Adversarial_PublisherEditsItsSettingsWhilePublished_NextPublisherGetsTheOriginals()
    {
        await using var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = _time, Retry = null, Publisher = new PublisherSettings { Name = "mine" } });

        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        _factory.Last.Settings.Name = "changed later";
        _factory.Last.Settings.PublishVideo = false;
        await sut.UnpublishAsync().OrTimeout();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(("mine", true), (_factory.Last.Settings.Name, _factory.Last.Settings.PublishVideo));
    }

    [Fact]
    public async Task Adversarial_SessionDisconnectsFromInsidePublishWithRepublish_RepublishesWithOneCamera()
    {
        _factory.Configure = p => p.Disposal = DisposeBehavior.Slowly;
        var republished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = true;
        _session.AfterPublish = _ =>
        {
            if (first)
            {
                first = false;
                _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
            }
        };
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        sut.Republished += (_, _) => republished.TrySetResult();

        await Invariants.OneOutcome(sut.PublishAsync(SeamHarness.Token)).OrTimeout();
        await _time.DriveAsync(republished.Task, Step);

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Equal(2, _factory.Created.Count);
        Assert.Equal(1, _factory.Created[0].DisposeCount);
        Assert.Same(_factory.Created[1], sut.CurrentStream?.Publisher);
        await _time.DriveAsync(sut.DisposeAsync().AsTask(), Step);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Fact]
    public async Task Adversarial_SessionDisconnectsFromInsideUnpublish_EndsIdleWithoutRepublishing()
    {
        _session.AfterUnpublish = _ => _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_SessionDisposesTheOrchestratorFromInsidePublish_PublishCanceledAndReleasedOnce()
    {
        PublishOrchestrator? sut = null;
        Task? dispose = null;
        _session.AfterPublish = _ => dispose ??= sut!.DisposeAsync().AsTask();
        sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        Assert.NotNull(dispose);
        await dispose!.OrTimeout();
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_PublisherDisposeAsyncRaisesItsLossAndTheSessionsDisconnect_StateUntouched()
    {
        _factory.Configure = p => p.BeforeDispose = () =>
        {
            p.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
            _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
        };
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Single(_factory.Created);
        Assert.Equal(1, _factory.Last.DisposeCount);
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_StreamDestroyedFromInsideInitialize_IgnoredAndPublishes()
    {
        _factory.Configure = p => p.BeforeInitialize = () => p.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        await using var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);

        var stream = await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        Assert.Equal(PublishState.Published, sut.State);
        Assert.Same(stream, sut.CurrentStream);
        Assert.Single(_factory.Created);
    }

    [Fact]
    public async Task Adversarial_FactoryDisposesTheOrchestratorFromCreatePublisher_PublishCanceledAndReleasedOnce()
    {
        PublishOrchestrator? sut = null;
        Task? dispose = null;
        _factory.Configure = _ => dispose ??= sut!.DisposeAsync().AsTask();
        sut = CreateSut();

        var publish = sut.PublishAsync(SeamHarness.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await dispose!.OrTimeout();
        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
    }

    [Fact]
    public async Task Adversarial_RealThreadsFlapSessionEventsDuringPublishCycles_EveryPublisherReleasedOnce()
    {
        var sut = CreateSut(o => o.RepublishAfterNetworkLoss = true);
        using var stop = new CancellationTokenSource();
        var flappers = new List<Task>();
        for (var i = 0; i < 2; i++)
        {
            var seed = i;
            flappers.Add(Task.Run(() =>
            {
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            _session.RaiseReconnecting();
                            break;
                        case 1:
                            _session.RaiseReconnected();
                            break;
                        case 2:
                            _session.RaiseDisconnected(DisconnectReason.NetworkDisconnected);
                            _session.IsConnected = true;
                            break;
                        default:
                            _factory.LastCreated?.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
                            break;
                    }
                }
            }));
        }

        for (var cycle = 0; cycle < 200; cycle++)
        {
            try
            {
                await Invariants.OneOutcome(sut.PublishAsync(SeamHarness.Token)).OrTimeout();
            }
            catch (InvalidOperationException)
            {
                // A republish started by a flapper may be published already.
            }

            await sut.UnpublishAsync().OrTimeout();
        }

        await stop.CancelAsync();
        await Task.WhenAll(flappers).OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(PublishState.Disposed, sut.State);
        Assert.All(_factory.Created, p => Assert.Equal(1, p.DisposeCount));
        Assert.Equal(1, _factory.Camera.MostAtOnce);
    }

    [Theory]
    [InlineData("release timeout")]
    [InlineData("caller canceled")]
    public async Task Adversarial_SessionUnpublishAbandonedThenFails_NoUnobservedTaskException(string abandonedBy)
    {
        var late = new LateTasks();
        _session.UnpublishWith = _ => late.Create();
        var sut = CreateSut();
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();

        if (abandonedBy == "release timeout")
        {
            await _time.DriveAsync(sut.UnpublishAsync(), TimeSpan.FromSeconds(1));
        }
        else
        {
            using var cts = new CancellationTokenSource();
            var unpublish = sut.UnpublishAsync(cts.Token);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => unpublish.OrTimeout());
        }

        Assert.Equal(PublishState.Idle, sut.State);
        Assert.Equal(1, _factory.Last.DisposeCount);
        var unobserved = LateTasks.UnobservedAfter(late.FailAll);
        Assert.True(unobserved is null, $"The abandoned session.UnpublishAsync task faulted unobserved: {unobserved}");
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_ClockCreateTimerThrowsWhileDisposalPendingThenDisposalFails_NoUnobservedTaskException()
    {
        var late = new LateTasks();
        var clock = new HostileClock(_time);
        _factory.Configure = p => p.DisposeWith = late.Create;
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions { TimeProvider = clock, Retry = null });
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        clock.ThrowOnCreateTimer = true;

        await sut.UnpublishAsync().OrTimeout();

        Assert.Equal(PublishState.Idle, sut.State);
        var unobserved = LateTasks.UnobservedAfter(late.FailAll);
        Assert.True(unobserved is null, $"The abandoned publisher DisposeAsync task faulted unobserved: {unobserved}");
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_ClockCreateTimerThrowsWhileTokenProviderPendingThenProviderFails_NoUnobservedTaskException()
    {
        var late = new LateTasks();
        var clock = new HostileClock(_time);
        var failed = new TaskCompletionSource<RepublishFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = new PublishOrchestrator(_session, _factory, new PublishOrchestratorOptions
        {
            TimeProvider = clock,
            Retry = null,
            RepublishAfterNetworkLoss = true,
            TokenProvider = _ => new ValueTask<string>(late.CreateToken()),
        });
        sut.RepublishFailed += (_, e) => failed.TrySetResult(e);
        await sut.PublishAsync(SeamHarness.Token).OrTimeout();
        clock.ThrowOnCreateTimer = true;

        _factory.Last.RaiseStreamDestroyed(StreamDestroyedReason.NetworkDisconnected);
        var gaveUp = await failed.Task.OrTimeout();

        Assert.IsAssignableFrom<PublishException>(gaveUp.Exception);
        Assert.Equal(PublishState.Idle, sut.State);
        var unobserved = LateTasks.UnobservedAfter(late.FailAll);
        Assert.True(unobserved is null, $"The abandoned token provider task faulted unobserved: {unobserved}");
        await sut.DisposeAsync().AsTask().OrTimeout();
    }

    private PublishOrchestrator CreateSut(Action<PublishOrchestratorOptions>? configure = null)
    {
        var options = new PublishOrchestratorOptions { TimeProvider = _time, Retry = null };
        configure?.Invoke(options);
        return new PublishOrchestrator(_session, _factory, options);
    }

    /// <summary>A fake session that runs a test's hook around its calls, as an SDK raising events from inside them would.</summary>
    private sealed class HookSession(TimeProvider time) : FakeSession(time)
    {
        public Action? BeforeConnect { get; set; }

        public Action<IPublisher>? AfterPublish { get; set; }

        public Action<IPublisher>? AfterUnpublish { get; set; }

        /// <summary>Gets or sets what <see cref="UnpublishAsync"/> returns instead of the scripted outcome.</summary>
        public Func<IPublisher, Task>? UnpublishWith { get; set; }

        public override Task ConnectAsync(string token, CancellationToken cancellationToken = default)
        {
            BeforeConnect?.Invoke();
            return base.ConnectAsync(token, cancellationToken);
        }

        public override async Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default)
        {
            await base.PublishAsync(publisher, cancellationToken);
            AfterPublish?.Invoke(publisher);
        }

        public override Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) =>
            UnpublishWith is { } replacement ? replacement(publisher) : UnpublishCoreAsync(publisher, cancellationToken);

        private async Task UnpublishCoreAsync(IPublisher publisher, CancellationToken cancellationToken)
        {
            await base.UnpublishAsync(publisher, cancellationToken);
            AfterUnpublish?.Invoke(publisher);
        }
    }

    /// <summary>Tasks a collaborator hands out and fails later, once the orchestrator has stopped waiting for them.</summary>
    private sealed class LateTasks
    {
        private readonly object _gate = new();
        private readonly List<Action<Exception>> _pending = [];

        public string Marker { get; } = "a late failure " + Guid.NewGuid().ToString("N");

        public Task Create()
        {
            var source = new TaskCompletionSource();
            lock (_gate)
            {
                _pending.Add(e => source.TrySetException(e));
            }

            return source.Task;
        }

        public Task<string> CreateToken()
        {
            var source = new TaskCompletionSource<string>();
            lock (_gate)
            {
                _pending.Add(e => source.TrySetException(e));
            }

            return source.Task;
        }

        /// <summary>Fails every task handed out, then forgets them, so only the orchestrator could still hold one.</summary>
        public string FailAll()
        {
            Action<Exception>[] pending;
            lock (_gate)
            {
                pending = [.. _pending];
                _pending.Clear();
            }

            foreach (var fail in pending)
            {
                fail(new InvalidOperationException(Marker));
            }

            return Marker;
        }

        /// <summary>Runs <paramref name="fail"/>, collects garbage, and returns an unobserved exception carrying its marker, if any.</summary>
        public static string? UnobservedAfter(Func<string> fail)
        {
            var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
            string? marker = null;
            EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
            {
                var text = e.Exception.ToString();
                if (marker is not null && text.Contains(marker, StringComparison.Ordinal))
                {
                    seen.Enqueue(text);
                }
            };
            TaskScheduler.UnobservedTaskException += onUnobserved;
            try
            {
                marker = FailAndForget(fail);
                for (var i = 0; i < 3; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            }
            finally
            {
                TaskScheduler.UnobservedTaskException -= onUnobserved;
            }

            return seen.TryPeek(out var first) ? first : null;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static string FailAndForget(Func<string> fail) => fail();
    }
}
