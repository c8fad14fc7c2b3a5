using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Issue 13, item 9: what one SDK <c>Disconnected</c> does, in which order, to which publications.</summary>
public sealed class OpenTokSessionDisconnectTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public OpenTokSessionDisconnectTests() => _sdk.AnswerEverything();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task SdkDisconnected_WhilePublished_RaisesDisconnectedBeforeThePublishersStreamDestroyed()
    {
        var publisher = await PublishedAsync();
        var order = new List<string>();
        _sdk.Session.Disconnected += (_, e) => order.Add("Disconnected " + e.Reason);
        publisher.StreamDestroyed += (_, e) => order.Add("StreamDestroyed " + e.Reason);

        _sdk.Sdk.RaiseDisconnected();

        Assert.Equal(["Disconnected NetworkDisconnected", "StreamDestroyed NetworkDisconnected"], order);
    }

    [Fact]
    public async Task SdkDisconnected_HandlerPublishesAnotherPublisher_OnlyTheEarlierOneIsEnded()
    {
        var first = await PublishedAsync();
        var second = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        await second.InitializeAsync().OrTimeout();
        var ended = new List<string?>();
        first.StreamDestroyed += (_, _) => ended.Add(first.StreamId);
        second.StreamDestroyed += (_, _) => ended.Add(second.StreamId);
        Task? republish = null;
        _sdk.Session.Disconnected += (_, _) => republish = RepublishAsync(second);

        _sdk.Sdk.RaiseDisconnected();
        await republish!.OrTimeout();

        Assert.Equal(["stream-1"], ended);
        Assert.Equal("stream-2", second.StreamId);
    }

    [Fact]
    public async Task SdkDisconnected_HandlerPublishesTheSamePublisherAgain_TheNewPublicationSurvives()
    {
        var publisher = await PublishedAsync();
        var ended = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => ended.Add(e.Reason);
        Task? republish = null;
        _sdk.Session.Disconnected += (_, _) => republish = UnpublishThenRepublishAsync(publisher);

        _sdk.Sdk.RaiseDisconnected();
        await republish!.OrTimeout();

        Assert.Equal("stream-2", publisher.StreamId);
        Assert.DoesNotContain(StreamDestroyedReason.NetworkDisconnected, ended);
        await _sdk.Session.UnpublishAsync(publisher).OrTimeout();
        Assert.Equal(StreamDestroyedReason.ClientDisconnected, ended[^1]);
    }

    [Fact]
    public async Task SdkDisconnected_DisconnectedHandlerThrows_PublishInFlightStillFails()
    {
        _sdk.Sdk.OnPublish = null;
        var publisher = await _sdk.ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);
        _sdk.Session.Disconnected += (_, _) => throw new InvalidOperationException("the app's handler failed");

        Assert.Throws<InvalidOperationException>(() => _sdk.Sdk.RaiseDisconnected());

        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
    }

    [Fact]
    public async Task SdkDisconnected_StreamDestroyedHandlerThrows_OtherPublishersStillHearOfIt()
    {
        var first = await PublishedAsync();
        var second = await PublishedAsync();
        var heard = 0;
        first.StreamDestroyed += (_, _) => throw new InvalidOperationException("the app's handler failed");
        second.StreamDestroyed += (_, _) => heard++;

        Assert.Throws<InvalidOperationException>(() => _sdk.Sdk.RaiseDisconnected());

        Assert.Equal(1, heard);
    }

    private async Task<IPublisher> PublishedAsync()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        return publisher;
    }

    private async Task UnpublishThenRepublishAsync(IPublisher publisher)
    {
        await _sdk.Session.UnpublishAsync(publisher).ConfigureAwait(false);
        await RepublishAsync(publisher).ConfigureAwait(false);
    }

    private async Task RepublishAsync(IPublisher publisher)
    {
        await _sdk.Session.ConnectAsync(SdkHarness.Token).ConfigureAwait(false);
        await _sdk.Session.PublishAsync(publisher).ConfigureAwait(false);
    }
}
