using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Vonage.PublishKit.Tests.TestSupport;
using Vonage.PublishKit.Web.Internal;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests;

/// <summary>
/// Hostile cases for the web adapter through its public API and the fake browser: answers that never come, come
/// twice, come late or on other threads; interop failures of every kind; disposal racing everything.
/// Each asserts what docs/web.md, the adapter's XML docs or docs/architecture.md (the invariants) promise.
/// </summary>
public sealed class AdversarialWebTests
{
    private const string Token = "T1==cGFydG5lcl9pZD0xMjM0NTY3OCZzaWc9YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODk6";
    private readonly FakeJsRuntime _js = new();
    private readonly FakeTimeProvider _time = new();

    // ---------------------------------------------------------------- connect

    [Fact]
    public async Task Adversarial_ConnectAsync_ManyThreadsAtOnce_OneSdkConnectAndAllComplete()
    {
        _js.Answer("connect");
        await using var sut = CreateSession();

        var calls = Enumerable.Range(0, 16).Select(_ => Task.Run(() => sut.ConnectAsync(Token))).ToArray();
        await Task.WhenAll(calls).OrTimeout();

        Assert.True(sut.IsConnected);
        Assert.Single(_js.Session.Calls, c => c.Method == "connect");
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_AnsweredTwiceAndForUnknownIds_FirstAnswerWinsAndNothingThrows()
    {
        await using var sut = CreateSession();
        var connect = sut.ConnectAsync(Token);
        await Eventually.UntilAsync(() => _js.Sessions.Any() && _js.Session.Methods.Contains("connect"));

        _js.Session.Complete("connect");
        _js.Session.Complete("connect", new JsError { Name = "OT_CONNECT_FAILED", Code = 1006 });
        _js.Session.Callbacks!.Value.Complete(9_999, null, null);
        _js.Session.Callbacks!.Value.Complete(-1, new JsError(), "junk");
        _js.Session.Raise(null!);
        _js.Session.Raise("noSuchEvent", "whatever", new JsError());

        await connect.OrTimeout();
        Assert.True(sut.IsConnected);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_NullAndEmptyErrorPayload_ThrowsTypedPublishException()
    {
        _js.Answer("connect", new JsError { Name = null, Code = null, Message = null });
        await using var sut = CreateSession();

        var exception = await Record.ExceptionAsync(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.IsAssignableFrom<PublishException>(exception);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_AlreadyCanceledToken_NoInteropCallAndCanceledTask()
    {
        await using var sut = CreateSession();
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        var connect = sut.ConnectAsync(Token, canceled.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.OrTimeout());
        Assert.Empty(_js.Imports);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_CircuitClosesDuringTheCall_NonTransientPublishExceptionAndDisposeCompletes()
    {
        var sut = CreateSession();
        _js.Answer("connect");
        await sut.ConnectAsync(Token).OrTimeout();
        await sut.DisposeAsync();

        var other = CreateSession();
        _js.Failure = new JSDisconnectedException("circuit closed");
        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => other.ConnectAsync(Token).OrTimeout());
        Assert.False(exception.IsTransient);
        await other.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_BlazorTimesTheInteropCallOut_TypedTransientPublishExceptionNotCancellation()
    {
        _js.Failure = new TaskCanceledException("Blazor's JS interop timeout");
        await using var sut = CreateSession();

        var exception = await Record.ExceptionAsync(() => sut.ConnectAsync(Token).OrTimeout());

        // The caller never canceled: a cancellation must not come out (invariant 3).
        var typed = Assert.IsAssignableFrom<PublishException>(exception);
        Assert.Equal(PublishErrorKind.NotConnected, typed.Kind);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_SdkErrorEchoesTheToken_RedactedInMessageAndToString()
    {
        _js.Answer("connect", new JsError { Name = "OT_AUTHENTICATION_ERROR", Code = 1004, Message = $"Invalid token {Token} for session; token={Token}" });
        await using var sut = CreateSession();

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.DoesNotContain(Token, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cGFydG5lcl9pZD0", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_ModuleThrowsEchoingToken_ToStringWithInnerExceptionIsRedacted()
    {
        _js.Failure = new JSException($"TypeError at connect('{Token}')");
        await using var sut = CreateSession();

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => sut.ConnectAsync(Token).OrTimeout());

        Assert.DoesNotContain("cGFydG5lcl9pZD0", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cGFydG5lcl9pZD0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_ConnectAsync_ModuleImportFailsAfterTheCallerCanceled_LeavesNoUnobservedTaskException()
    {
        const string marker = "adv-import-failed-after-cancel";
        var unobserved = await CollectUnobservedAsync(marker, CancelThenFailImportAsync);

        Assert.True(unobserved.Count == 0, $"Invariant 3 (no unobserved task exceptions): {unobserved.Count} unobserved, first: {unobserved.FirstOrDefault()}");

        [MethodImpl(MethodImplOptions.NoInlining)]
        static async Task CancelThenFailImportAsync()
        {
            var browser = new GatedImportRuntime();
            var session = new WebSession(browser, "k", "s");
            using var cts = new CancellationTokenSource();
            var connect = session.ConnectAsync("token", cts.Token);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.OrTimeout());

            // The browser answers the import only now, with a failure nobody waits for any more.
            browser.Import.SetException(new JSException(marker));
        }
    }

    // ---------------------------------------------------------------- session disposal

    [Fact]
    public async Task Adversarial_WebSessionDisposeAsync_WhileModuleImportPending_LateImportReleasesTheHandleAndLeavesNoUnobservedTaskException()
    {
        const string marker = nameof(JsBinding);
        var lateHandleDisposals = -1;
        var unobserved = await CollectUnobservedAsync(marker, async () => lateHandleDisposals = await DisposeThenAnswerImportAsync());

        Assert.Equal(1, lateHandleDisposals);
        Assert.True(unobserved.Count == 0, $"Invariant 3 (no unobserved task exceptions): {unobserved.Count} unobserved, first: {unobserved.FirstOrDefault()}");

        [MethodImpl(MethodImplOptions.NoInlining)]
        static async Task<int> DisposeThenAnswerImportAsync()
        {
            var browser = new GatedImportRuntime();
            var session = new WebSession(browser, "k", "s");
            var connect = session.ConnectAsync("token");
            await session.DisposeAsync().AsTask().OrTimeout();
            await Assert.ThrowsAnyAsync<Exception>(() => connect.OrTimeout());

            // The import comes back after the dispose: the binding creates the handle, sees it is disposed, releases it.
            browser.Import.SetResult(new FakeJsObject(browser.Inner, "module", null, ["module"]));
            await Eventually.UntilAsync(() => browser.Inner.Sessions.Any() && browser.Inner.Session.DisposeCount == 1);
            return browser.Inner.Session.DisposeCount;
        }
    }

    [Fact]
    public async Task Adversarial_WebSessionDisposeAsync_InteropThrowsAnUnexpectedExceptionType_NeverThrows()
    {
        _js.Answer("connect");
        var sut = CreateSession();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.Failure = new IOException("the transport under the circuit broke");

        // WebSession.DisposeAsync: "Never throws, also when the circuit is gone."
        var exception = await Record.ExceptionAsync(() => sut.DisposeAsync().AsTask().OrTimeout());

        Assert.Null(exception);
    }

    [Fact]
    public async Task Adversarial_WebSessionDisposeAsync_CircuitGoneDuringDispose_CompletesWithoutThrowing()
    {
        _js.Answer("connect");
        var sut = CreateSession();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.Failure = new JSDisconnectedException("gone");

        await sut.DisposeAsync().AsTask().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task Adversarial_WebSessionDisposeAsync_EveryReleaseStepHangs_CompletesAfterOneReleaseTimeout()
    {
        _js.Answer("connect");
        var sut = CreateSession();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.Hanging.Add("dispose");
        _js.HangOnDispose = true;

        var dispose = sut.DisposeAsync().AsTask();
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("dispose"));
        _time.Advance(WebAdapterOptions.DefaultReleaseTimeout);

        // docs/web.md: ReleaseTimeout is "how long a release waits for the browser"; DisposeAsync "completes when
        // everything was released, or abandoned after ReleaseTimeout".
        var completed = await CompletesWithinAsync(dispose, TimeSpan.FromSeconds(3));
        var elapsedTimeouts = 1;
        while (!dispose.IsCompleted && elapsedTimeouts < 10)
        {
            _time.Advance(WebAdapterOptions.DefaultReleaseTimeout);
            elapsedTimeouts++;
            await CompletesWithinAsync(dispose, TimeSpan.FromSeconds(1));
        }

        Assert.True(completed, $"WebSession.DisposeAsync was still running after one ReleaseTimeout ({WebAdapterOptions.DefaultReleaseTimeout.TotalSeconds} s) with every release hanging; it completed only after {elapsedTimeouts} of them.");
    }

    [Fact]
    public async Task Adversarial_IsConnected_SessionReconnectedArrivesWhileDisposing_StaysFalse()
    {
        _js.Answer("connect");
        var sut = CreateSession();
        await sut.ConnectAsync(Token).OrTimeout();
        _js.HangOnDispose = true;
        var dispose = sut.DisposeAsync().AsTask();
        await Eventually.UntilAsync(() => _js.Session.DisposeCount == 1);

        // The SDK's reconnection finishes while the release waits for the browser.
        _js.Session.Raise("sessionReconnected");
        var connectedAfterDispose = sut.IsConnected;

        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return dispose.IsCompleted;
        });
        await dispose.OrTimeout();
        Assert.False(connectedAfterDispose, "A disposed WebSession reports IsConnected = true after a late sessionReconnected.");
    }

    [Fact]
    public async Task Adversarial_WebSessionDisposeAsync_WhileAPublishRuns_FailsThePublishAndCompletes()
    {
        _js.AnswerEverything().Silence("publish");
        var session = CreateSession();
        await using var publisher = CreatePublisher();
        await session.ConnectAsync(Token).OrTimeout();
        await publisher.InitializeAsync().OrTimeout();
        var publish = session.PublishAsync(publisher);
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));

        await session.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAnyAsync<Exception>(() => publish.OrTimeout());
        Assert.Null(publisher.StreamId);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.PublishAsync(publisher));
    }

    // ---------------------------------------------------------------- publisher

    [Fact]
    public async Task Adversarial_InitializeAsync_MalformedDevicesPayload_ThrowsTypedPublishException()
    {
        _js.AnswerEverything().Answer("devices", value: "{\"audioInputs\":\"one\",");
        await using var sut = CreatePublisher();

        // IPublisher.InitializeAsync: the devices could not be acquired is a PublishException; the session's doc: "its errors typed".
        var exception = await Record.ExceptionAsync(() => sut.InitializeAsync().OrTimeout());

        Assert.True(exception is PublishException, $"InitializeAsync with a malformed OT.getDevices payload threw {exception?.GetType().FullName}: {exception?.Message}");
    }

    [Fact]
    public async Task Adversarial_InitializeAsync_NullDevicesPayload_InitializesAnyway()
    {
        _js.AnswerEverything().Answer("devices", value: null).Answer("init");
        await using var sut = CreatePublisher();

        await sut.InitializeAsync().OrTimeout();

        Assert.Equal(["devices", "init"], _js.Publisher.Methods);
    }

    [Fact]
    public async Task Adversarial_InitializeAsync_AlreadyCanceledToken_NoInteropCall()
    {
        await using var sut = CreatePublisher();
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.InitializeAsync(canceled.Token).OrTimeout());
        Assert.Empty(_js.Imports);
    }

    [Fact]
    public async Task Adversarial_PublisherDisposeAsync_WhileInitPending_FailsTheInitPromptlyAndReleasesOnce()
    {
        _js.AnswerEverything().Silence("init");
        var sut = CreatePublisher();
        var init = sut.InitializeAsync();
        await Eventually.UntilAsync(() => _js.Publishers.Any() && _js.Publisher.Methods.Contains("init"));

        await sut.DisposeAsync().AsTask().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        await Assert.ThrowsAnyAsync<Exception>(() => init.OrTimeout());
        Assert.Equal(1, _js.Publisher.DisposeCount);
        Assert.Single(_js.Publisher.Calls, c => c.Method == "dispose");
    }

    [Fact]
    public async Task Adversarial_PublisherDisposeAsync_AnswerArrivesWhileTheReleaseHangs_IgnoredAndDisposeCompletesAfterReleaseTimeout()
    {
        _js.AnswerEverything().Silence("init");
        var sut = CreatePublisher();
        var init = sut.InitializeAsync();
        await Eventually.UntilAsync(() => _js.Publishers.Any() && _js.Publisher.Methods.Contains("init"));
        _js.HangOnDispose = true;
        var dispose = sut.DisposeAsync().AsTask();
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);

        // The SDK's late answer and events, while the release still waits for the browser.
        _js.Publisher.Complete("init");
        _js.Publisher.Raise("streamCreated", "stream-late");
        _js.Publisher.Raise("mediaStopped", "mediaStopped");
        _js.Publisher.Raise("accessDenied", null, new JsError { Name = "OT_USER_MEDIA_ACCESS_DENIED", Code = 1500 });

        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return dispose.IsCompleted;
        });
        await dispose.OrTimeout();
        await Assert.ThrowsAnyAsync<Exception>(() => init.OrTimeout());
        Assert.Null(sut.StreamId);
    }

    [Fact]
    public async Task Adversarial_PublisherDisposeAsync_CircuitGoneOrScriptThrows_CompletesWithoutThrowing()
    {
        _js.AnswerEverything();
        var first = CreatePublisher();
        await first.InitializeAsync().OrTimeout();
        var second = CreatePublisher();
        await second.InitializeAsync().OrTimeout();

        _js.Failure = new JSDisconnectedException("gone");
        await first.DisposeAsync().AsTask().OrTimeout();
        _js.Failure = new JSException("publisher.destroy is not a function");
        await second.DisposeAsync().AsTask().OrTimeout();
    }

    [Fact]
    public async Task Adversarial_PublishAsync_MediaStoppedWhileThePublishIsInFlight_PublishFailsOrStreamDestroyedIsRaised()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: false);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        var destroyed = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => destroyed.Add(e.Reason);
        var publish = session.PublishAsync(publisher);
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));

        // The camera is unplugged before the SDK reports the stream created; then the SDK reports it created.
        _js.Publisher.Raise("mediaStopped", "mediaStopped");
        _js.Session.Complete("publish", value: "stream-1");
        var exception = await Record.ExceptionAsync(() => publish.OrTimeout());

        // docs/web.md: mediaStopped after initializing but before publishing fails the publish; on a published stream
        // it raises StreamDestroyed with MediaStopped. One of the two must happen: the camera is gone.
        Assert.True(
            exception is DeviceUnavailableException || destroyed.Contains(StreamDestroyedReason.MediaStopped),
            $"The publish succeeded (stream {publisher.StreamId}) and no StreamDestroyed was raised, though the camera stopped while it was in flight.");
    }

    [Fact]
    public async Task Adversarial_PublishAsync_AccessDeniedWhileThePublishIsInFlight_PublishFails()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: false);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        var publish = session.PublishAsync(publisher);
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));

        _js.Publisher.Raise("accessDenied", null, new JsError { Name = "OT_USER_MEDIA_ACCESS_DENIED", Code = 1500 });
        _js.Session.Complete("publish", value: "stream-1");
        var exception = await Record.ExceptionAsync(() => publish.OrTimeout());

        // docs/web.md: accessDenied after initializing but before publishing fails the publish (AccessDeniedException).
        Assert.True(exception is AccessDeniedException, $"The publish ended with {exception?.GetType().Name ?? "success"} though access was denied while it was in flight.");
    }

    [Fact]
    public async Task Adversarial_StreamCreated_ArrivingAfterACanceledPublish_StreamIdStaysNull()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: false);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        using var cts = new CancellationTokenSource();
        var publish = session.PublishAsync(publisher, cts.Token);
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("unpublish"));

        // The SDK's streamCreated of the canceled publish comes late.
        _js.Publisher.Raise("streamCreated", "stream-of-a-canceled-publish");

        // IPublisher.StreamId: "the identifier of the published stream, or null before it is published".
        Assert.Null(publisher.StreamId);
    }

    [Fact]
    public async Task Adversarial_PublishAsync_TwiceConcurrentlyOnOnePublisher_SecondIsRejected()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: false);
        await using var sessionScope = session;
        await using var publisherScope = publisher;

        var first = session.PublishAsync(publisher);
        var second = Record.Exception(() => { _ = session.PublishAsync(publisher); });

        // WebSession.PublishAsync: InvalidOperationException when the publisher "is already published"; a second
        // publish of one publisher while the first is in flight must not reach the SDK.
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));
        var publishCalls = _js.Session.Calls.Count(c => c.Method == "publish");
        Assert.True(second is InvalidOperationException && publishCalls == 1, $"A second concurrent PublishAsync of one publisher was accepted ({publishCalls} SDK publish calls).");
        GC.KeepAlive(first);
    }

    [Fact]
    public async Task Adversarial_PublishAsync_AlreadyCanceledToken_NoSdkPublish()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: true);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.PublishAsync(publisher, canceled.Token).OrTimeout());

        Assert.DoesNotContain("publish", _js.Session.Methods);
        await session.PublishAsync(publisher).OrTimeout();
        Assert.Equal("stream-1", publisher.StreamId);
    }

    [Fact]
    public async Task Adversarial_PublishAsync_AnsweredFromManyThreadsAtOnce_OneOutcome()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: false);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        var publish = session.PublishAsync(publisher);
        await Eventually.UntilAsync(() => _js.Session.Methods.Contains("publish"));
        var id = _js.Session.Last("publish").OperationId;
        var callbacks = _js.Session.Callbacks!.Value;

        using var start = new ManualResetEventSlim();
        var answers = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            start.Wait(Bounded.Limit);
            callbacks.Complete(id, i % 2 == 0 ? null : new JsError { Name = "OT_STREAM_CREATE_FAILED", Code = 1500 }, $"stream-{i}");
        })).ToArray();
        start.Set();
        await Task.WhenAll(answers).OrTimeout();

        var exception = await Record.ExceptionAsync(() => publish.OrTimeout());
        Assert.True(exception is null or PeerConnectionFailedException, $"Unexpected outcome {exception}");
        Assert.Equal(exception is null, publisher.StreamId is not null);
    }

    [Fact]
    public async Task Adversarial_StreamDestroyed_UnpublishAndNetworkLossRaceOnOtherThreads_RaisedExactlyOnce()
    {
        var (session, publisher) = await ConnectedAndInitializedAsync(answerPublish: true);
        await using var sessionScope = session;
        await using var publisherScope = publisher;
        await session.PublishAsync(publisher).OrTimeout();
        var raised = new ConcurrentQueue<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => raised.Enqueue(e.Reason);

        using var start = new ManualResetEventSlim();
        var unpublish = Task.Run(async () =>
        {
            start.Wait(Bounded.Limit);
            await session.UnpublishAsync(publisher);
        });
        var events = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait(Bounded.Limit);
            _js.Publisher.Raise("streamDestroyed", "networkDisconnected");
        })).ToArray();
        start.Set();
        await Task.WhenAll([unpublish, .. events]).OrTimeout();

        // Late events of the stream that is gone.
        _js.Publisher.Raise("streamDestroyed", "networkDisconnected");
        _js.Publisher.Raise("mediaStopped", "mediaStopped");

        Assert.Single(raised);
        Assert.Null(publisher.StreamId);
    }

    // ---------------------------------------------------------------- the orchestrator over the adapter

    [Fact]
    public async Task Adversarial_Orchestrator_RepublishAfterNetworkLoss_DuplicateLossEventsRepublishOnceAndReleaseTheOldCamera()
    {
        _js.AnswerEverything();
        await using var session = CreateSession();
        await using var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js, AdapterOptions()), new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = null,
            RepublishAfterNetworkLoss = true,
        });
        var republished = 0;
        var failed = 0;
        sut.Republished += (_, _) => Interlocked.Increment(ref republished);
        sut.RepublishFailed += (_, _) => Interlocked.Increment(ref failed);
        await sut.PublishAsync(Token).OrTimeout();
        var old = _js.Publisher;

        // The SDK reports the loss twice (streamDestroyed, then the mediaStopped of the dying track), on other threads.
        await Task.WhenAll(
            Task.Run(() => RaiseAsTheModuleDoes(old, "streamDestroyed", "networkDisconnected")),
            Task.Run(() => RaiseAsTheModuleDoes(old, "streamDestroyed", "networkDisconnected")),
            Task.Run(() => RaiseAsTheModuleDoes(old, "mediaStopped", "mediaStopped"))).OrTimeout();
        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            return Volatile.Read(ref republished) + Volatile.Read(ref failed) > 0 && sut.State == PublishState.Published;
        });

        Assert.Equal(1, republished);
        Assert.Equal(0, failed);
        Assert.Equal(2, _js.Publishers.Count());
        Assert.Equal(1, old.DisposeCount);
        Assert.Equal(0, _js.Publisher.DisposeCount);
        Assert.Equal(PublishState.Published, sut.State);
    }

    [Fact]
    public async Task Adversarial_Orchestrator_DisposeWhileTheConnectNeverAnswers_OneOutcomeAndTheCameraReleasedOnce()
    {
        _js.AnswerEverything().Silence("connect");
        var session = CreateSession();
        var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js, AdapterOptions()), new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });
        var publish = sut.PublishAsync(Token);
        await Eventually.UntilAsync(() => _js.Sessions.Any() && _js.Session.Methods.Contains("connect") && _js.Publishers.Any() && _js.Publisher.Methods.Contains("init"));

        await sut.DisposeAsync().AsTask().OrTimeout();
        await session.DisposeAsync().AsTask().OrTimeout();

        var exception = await Record.ExceptionAsync(() => publish.OrTimeout());
        Assert.True(exception is PublishException or OperationCanceledException or ObjectDisposedException, $"Unexpected outcome {exception}");
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
        Assert.Single(_js.Publisher.Calls, c => c.Method == "dispose");
    }

    [Fact]
    public async Task Adversarial_Orchestrator_CircuitClosesDuringInit_NotRetriedAndReleased()
    {
        _js.AnswerEverything();
        _js.Hanging.Add("init");
        await using var session = CreateSession();
        await using var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js, AdapterOptions()), new PublishOrchestratorOptions
        {
            TimeProvider = _time,
            Retry = new PublishRetryOptions { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false },
        });
        var retried = 0;
        sut.Retrying += (_, _) => Interlocked.Increment(ref retried);
        var publish = sut.PublishAsync(Token);
        await Eventually.UntilAsync(() => _js.Publishers.Any() && _js.Publisher.Methods.Contains("init"));

        // Blazor fails the pending interop call when the circuit closes.
        _js.Failure = new JSDisconnectedException("circuit closed");
        _js.Hanging.Remove("init");
        var pendingInit = _js.Publisher.Last("init");
        Assert.False(pendingInit.CancellationToken.IsCancellationRequested);

        await Eventually.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            return publish.IsCompleted;
        });
        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => publish.OrTimeout());
        Assert.Equal(PublishPhase.Initialize, exception.Phase);
        await Eventually.UntilAsync(() => _js.Publishers.All(p => p.DisposeCount == 1));
    }

    [Fact]
    public async Task Adversarial_Orchestrator_SdkErrorEchoesTheToken_TypedAndRedacted()
    {
        _js.AnswerEverything().Answer("publish", new JsError { Name = "OT_STREAM_LIMIT_EXCEEDED", Code = 1605, Message = $"limit for token={Token}" });
        await using var session = CreateSession();
        await using var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js, AdapterOptions()), new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => sut.PublishAsync(Token).OrTimeout());

        Assert.Equal(PublishErrorKind.ConnectionRejected, exception.Kind);
        Assert.DoesNotContain("cGFydG5lcl9pZD0", exception.ToString(), StringComparison.Ordinal);
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
    }

    [Fact]
    public async Task Adversarial_Orchestrator_MalformedDevicesPayload_OneTypedOutcomeAndReleased()
    {
        _js.AnswerEverything().Answer("devices", value: "not json");
        await using var session = CreateSession();
        await using var sut = new PublishOrchestrator(session, new WebPublisherFactory(_js, AdapterOptions()), new PublishOrchestratorOptions { TimeProvider = _time, Retry = null });

        var exception = await Record.ExceptionAsync(() => sut.PublishAsync(Token).OrTimeout());

        Assert.IsAssignableFrom<PublishException>(exception);
        await Eventually.UntilAsync(() => _js.Publisher.DisposeCount == 1);
    }

    // ---------------------------------------------------------------- support

    private WebAdapterOptions AdapterOptions() => new() { TimeProvider = _time };

    private WebSession CreateSession() => new(_js, "k", "s", AdapterOptions());

    private IPublisher CreatePublisher() => new WebPublisherFactory(_js, AdapterOptions()).CreatePublisher(new PublisherSettings());

    private async Task<(WebSession Session, IPublisher Publisher)> ConnectedAndInitializedAsync(bool answerPublish)
    {
        _js.AnswerEverything();
        if (!answerPublish)
        {
            _js.Silence("publish");
        }

        var session = CreateSession();
        var publisher = CreatePublisher();
        await session.ConnectAsync(Token).OrTimeout();
        await publisher.InitializeAsync().OrTimeout();
        return (session, publisher);
    }

    /// <summary>The module's notify: a callback on a released DotNetObjectReference fails in the browser and is dropped there.</summary>
    private static void RaiseAsTheModuleDoes(FakeJsObject target, string name, string? reason)
    {
        try
        {
            target.Raise(name, reason);
        }
        catch (ObjectDisposedException)
        {
            // invokeMethodAsync rejects; notify() swallows it.
        }
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan bound)
    {
        try
        {
            await task.WaitAsync(bound);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="scenario"/>, then collects garbage until its tasks are finalized, and returns the unobserved exceptions naming <paramref name="marker"/>.</summary>
    private static async Task<List<Exception>> CollectUnobservedAsync(string marker, Func<Task> scenario)
    {
        var seen = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                seen.Enqueue(e.Exception);
                e.SetObserved();
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await scenario();
            for (var i = 0; i < 20 && seen.IsEmpty; i++)
            {
                await Task.Yield();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        return [.. seen];
    }

    /// <summary>A browser whose module import the test answers when it chooses; everything else is the fake's.</summary>
    private sealed class GatedImportRuntime : IJSRuntime
    {
        public FakeJsRuntime Inner { get; } = new FakeJsRuntime().AnswerEverything();

        public TaskCompletionSource<IJSObjectReference> Import { get; } = new();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            identifier == "import" ? new ValueTask<TValue>(CastAsync<TValue>()) : Inner.InvokeAsync<TValue>(identifier, cancellationToken, args);

        private async Task<TValue> CastAsync<TValue>() => (TValue)(object)await Import.Task;
    }
}
