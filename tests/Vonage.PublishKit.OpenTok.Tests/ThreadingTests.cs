using System.Threading.Tasks;
using System;
using Microsoft.Extensions.Time.Testing;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>SDK events on a UI-like dispatcher thread or on worker threads; nothing blocks the dispatcher.</summary>
public sealed class ThreadingTests : IDisposable
{
    private readonly SingleThreadDispatcher _dispatcher = new();
    private readonly SdkHarness _sdk;

    public ThreadingTests() => _sdk = new SdkHarness(_dispatcher);

    public void Dispose()
    {
        _sdk.Dispose();
        _dispatcher.Dispose();
    }

    [Fact]
    public async Task ConnectAsync_CalledOnDispatcherThreadWithEventsOnIt_CompletesWithoutBlockingIt()
    {
        _sdk.AnswerEverything();

        // Like a WPF click handler: start on the dispatcher thread; Connected is queued behind it on the same thread.
        var connect = await _dispatcher.InvokeAsync(() => _sdk.Session.ConnectAsync(SdkHarness.Token)).OrTimeout();
        await connect.OrTimeout();

        Assert.True(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_CompletedFromDispatcher_ContinuationDoesNotRunOnDispatcherThread()
    {
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        var continuationOnDispatcher = connect.ContinueWith(_ => _dispatcher.IsOnThread, TaskScheduler.Default);

        _sdk.Sdk.RaiseConnected();

        Assert.False(await continuationOnDispatcher.OrTimeout());
        await connect.OrTimeout();
    }

    [Fact]
    public async Task Events_RaisedFromWorkerThreads_AreHandled()
    {
        using var plain = new SdkHarness();
        plain.Sdk.OnConnect = _ => Task.Run(plain.Sdk.RaiseConnected);
        plain.Sdk.OnPublish = p => Task.Run(() => p.Script().RaiseStreamCreated("from-worker"));
        await plain.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        var publisher = plain.CreateFactory().CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();

        await plain.Session.PublishAsync(publisher).OrTimeout();

        Assert.Equal("from-worker", publisher.StreamId);
        var destroyed = new TaskCompletionSource<StreamDestroyedReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        publisher.StreamDestroyed += (_, e) => destroyed.TrySetResult(e.Reason);
        _ = Task.Run(plain.LastPublisher.RaiseStreamDestroyed);
        Assert.Equal(StreamDestroyedReason.NetworkDisconnected, await destroyed.Task.OrTimeout());
    }

    [Fact]
    public async Task Orchestrator_EverythingOnOneDispatcherThread_PublishesAndLosesStream()
    {
        _sdk.AnswerEverything();
        await using var sut = new PublishOrchestrator(_sdk.Session, _sdk.CreateFactory(), new PublishOrchestratorOptions { TimeProvider = new FakeTimeProvider(), Retry = null });
        var lost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.NetworkDisconnected += (_, _) => lost.TrySetResult(_dispatcher.IsOnThread);

        var publish = await _dispatcher.InvokeAsync(() => sut.PublishAsync(SdkHarness.Token)).OrTimeout();
        var stream = await publish.OrTimeout();
        Assert.Equal("stream-1", stream.StreamId);

        await _dispatcher.InvokeAsync(() =>
        {
            _sdk.LastPublisher.RaiseStreamDestroyed();
            return true;
        }).OrTimeout();

        Assert.True(await lost.Task.OrTimeout(), "the SDK's event, and so NetworkDisconnected, arrives on the dispatcher thread");
    }
}
