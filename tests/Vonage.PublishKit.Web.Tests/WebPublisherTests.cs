using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Vonage.PublishKit.Tests.TestSupport;
using Vonage.PublishKit.Web.Internal;
using Vonage.PublishKit.Web.Tests.TestSupport;

namespace Vonage.PublishKit.Web.Tests;

public sealed class WebPublisherTests
{
    private readonly FakeJsRuntime _js = new();

    [Fact]
    public async Task InitializeAsync_Defaults_ListsDevicesThenInitializesWithTypedProperties()
    {
        _js.AnswerEverything();
        var factory = new WebPublisherFactory(_js, new WebAdapterOptions { Publisher = { Resolution = PublisherResolution.Resolution1280x720, InsertMode = PublisherInsertMode.After } });
        await using var sut = factory.CreatePublisher(new PublisherSettings { Name = "Ada", PublishAudio = false });

        await sut.InitializeAsync().OrTimeout();

        Assert.Equal(["devices", "init"], _js.Publisher.Methods);
        var init = _js.Publisher.Last("init");
        Assert.Null(init.Args[1]);
        var properties = Assert.IsType<Dictionary<string, object?>>(init.Args[2]);
        Assert.Equal("Ada", properties["name"]);
        Assert.Equal(false, properties["publishAudio"]);
        Assert.Equal(true, properties["publishVideo"]);
        Assert.Null(properties["audioSource"]);
        Assert.False(properties.ContainsKey("videoSource"));
        Assert.Equal("1280x720", properties["resolution"]);
        Assert.Equal("after", properties["insertMode"]);
    }

    [Fact]
    public async Task InitializeAsync_TargetElementSet_PassesItToInitPublisher()
    {
        _js.AnswerEverything();
        var factory = new WebPublisherFactory(_js);
        var element = new ElementReference("preview-1");
        factory.TargetElement = element;
        await using var sut = factory.CreatePublisher(new PublisherSettings());

        await sut.InitializeAsync().OrTimeout();

        Assert.Equal(element, _js.Publisher.Last("init").Args[1]);
    }

    [Theory]
    [InlineData("""{"audioInputs":1,"videoInputs":0}""", "camera")]
    [InlineData("""{"audioInputs":0,"videoInputs":1}""", "microphone")]
    public async Task InitializeAsync_DeviceMissingFromGetDevices_ThrowsDeviceUnavailableBeforeInitPublisher(string devices, string missing)
    {
        _js.AnswerEverything().Answer("devices", value: devices);
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<DeviceUnavailableException>(() => sut.InitializeAsync().OrTimeout());

        Assert.Equal(SdkErrorNames.NoDevicesFound, exception.SdkErrorName);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.Equal(["devices"], _js.Publisher.Methods);
    }

    [Fact]
    public async Task InitializeAsync_PreflightOff_CallsOnlyInitPublisher()
    {
        _js.AnswerEverything().Answer("devices", value: """{"audioInputs":0,"videoInputs":0}""");
        await using var sut = new WebPublisherFactory(_js, new WebAdapterOptions { CheckDevicesBeforeInitialize = false }).CreatePublisher(new PublisherSettings());

        await sut.InitializeAsync().OrTimeout();

        Assert.Equal(["init"], _js.Publisher.Methods);
    }

    [Fact]
    public async Task InitializeAsync_SdkDeniesAccess_ThrowsAccessDeniedAndCanBeRetried()
    {
        _js.AnswerEverything().Answer("init", new JsError { Name = "OT_USER_MEDIA_ACCESS_DENIED", Code = 1500, Message = "OT.Publisher Access Denied: Permission Denied" });
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.InitializeAsync().OrTimeout());
        _js.Answer("init");
        await sut.InitializeAsync().OrTimeout();

        Assert.Equal(1500, exception.SdkErrorCode);
        Assert.Equal("Please allow access to the Camera and Microphone and try publishing again.", exception.UserMessage);
    }

    [Fact]
    public async Task InitializeAsync_SdkNeverAnswers_CancellationEndsTheWait()
    {
        _js.Answer("devices", value: FakeJsRuntime.BothDevices);
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        using var cancel = new CancellationTokenSource();

        var initialize = sut.InitializeAsync(cancel.Token);
        await Eventually.UntilAsync(() => _js.Publishers.GetEnumerator().MoveNext() && _js.Publisher.Calls.Count == 2);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => initialize.OrTimeout());
    }

    [Fact]
    public async Task Events_PublishedStreamDestroyedForNetwork_RaisesStreamDestroyedOnce()
    {
        var (session, sut) = await PublishedAsync();
        var reasons = Reasons(sut);

        _js.Publisher.Raise("streamDestroyed", "networkDisconnected");
        _js.Publisher.Raise("streamDestroyed", "networkDisconnected");

        Assert.Equal([StreamDestroyedReason.NetworkDisconnected], reasons);
        Assert.Null(sut.StreamId);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task Events_PublishedCameraUnplugged_RaisesMediaStoppedOnceThoughTheSdkAlsoDestroysTheStream()
    {
        var (session, sut) = await PublishedAsync();
        var reasons = Reasons(sut);

        _js.Publisher.Raise("mediaStopped", "mediaStopped");
        _js.Publisher.Raise("streamDestroyed", "mediaStopped");

        Assert.Equal([StreamDestroyedReason.MediaStopped], reasons);
        await session.DisposeAsync();
    }

    [Theory]
    [InlineData("mediaStopped", typeof(DeviceUnavailableException))]
    [InlineData("accessDenied", typeof(AccessDeniedException))]
    public async Task PublishAsync_DevicesLostAfterInitialize_FailsWithoutPublishing(string sdkEvent, Type expected)
    {
        _js.AnswerEverything();
        await using var session = new WebSession(_js, "k", "s");
        await session.ConnectAsync("token").OrTimeout();
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();

        _js.Publisher.Raise(sdkEvent);

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => session.PublishAsync(sut).OrTimeout());
        Assert.IsType(expected, exception);
        Assert.DoesNotContain("publish", _js.Session.Methods);
    }

    [Fact]
    public async Task PublishAsync_SdkPublishes_SetsStreamIdFromTheCallback()
    {
        var (session, sut) = await PublishedAsync();

        Assert.Equal("stream-1", sut.StreamId);
        Assert.Same(_js.Publisher, _js.Session.Last("publish").Args[1]);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_SdkSaysNotConnected_ThrowsNotConnectedAndPublisherCanPublishLater()
    {
        _js.AnswerEverything().Answer("publish", new JsError { Name = "OT_NOT_CONNECTED", Code = 1010, Message = "We need to be connected before you can publish" });
        await using var session = new WebSession(_js, "k", "s");
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();

        var exception = await Assert.ThrowsAsync<NotConnectedException>(() => session.PublishAsync(sut).OrTimeout());

        Assert.Equal(1010, exception.SdkErrorCode);
        Assert.Equal(PublishPhase.Publish, exception.Phase);
        Assert.Equal("Publishing your video failed. You are not connected to the internet.", exception.UserMessage);
        _js.Answer("publish", value: "stream-2");
        await session.PublishAsync(sut).OrTimeout();
        Assert.Equal("stream-2", sut.StreamId);
    }

    [Fact]
    public async Task PublishAsync_SessionDisconnectsWhilePublishing_ThrowsNotConnected()
    {
        _js.AnswerEverything();
        await using var session = new WebSession(_js, "k", "s");
        await session.ConnectAsync("token").OrTimeout();
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();
        _js.Silence("publish");

        var publish = session.PublishAsync(sut);
        await Eventually.UntilAsync(() => _js.Session.Calls.Exists(c => c.Method == "publish"));
        _js.Session.Raise("sessionDisconnected", "networkDisconnected");

        await Assert.ThrowsAsync<NotConnectedException>(() => publish.OrTimeout());
    }

    [Fact]
    public async Task PublishAsync_Canceled_UnpublishesInTheSdk()
    {
        _js.AnswerEverything();
        await using var session = new WebSession(_js, "k", "s");
        await using var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();
        _js.Silence("publish");
        using var cancel = new CancellationTokenSource();

        var publish = session.PublishAsync(sut, cancel.Token);
        await Eventually.UntilAsync(() => _js.Session.Calls.Exists(c => c.Method == "publish"));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.OrTimeout());
        await Eventually.UntilAsync(() => _js.Session.Calls.Exists(c => c.Method == "unpublish"));
        Assert.Same(_js.Publisher, _js.Session.Last("unpublish").Args[0]);
    }

    [Fact]
    public async Task PublishAsync_ForeignOrUninitializedPublisher_Throws()
    {
        await using var session = new WebSession(_js, "k", "s");
        await using var created = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());

        Assert.Throws<ArgumentException>(() => { _ = session.PublishAsync(new Moqless()); });
        Assert.Throws<InvalidOperationException>(() => { _ = session.PublishAsync(created); });
    }

    [Fact]
    public async Task UnpublishAsync_Published_TellsTheSdkAndRaisesClientDisconnectedOnce()
    {
        var (session, sut) = await PublishedAsync();
        var reasons = Reasons(sut);

        await session.UnpublishAsync(sut).OrTimeout();
        _js.Publisher.Raise("streamDestroyed", "unpublished");

        Assert.Equal([StreamDestroyedReason.ClientDisconnected], reasons);
        Assert.Contains("unpublish", _js.Session.Methods);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_Initialized_DestroysInTheBrowserAndReleasesEveryReference()
    {
        _js.AnswerEverything();
        var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();
        var callbacks = _js.Publisher.Callbacks!;

        await sut.DisposeAsync().AsTask().OrTimeout();
        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(["devices", "init", "dispose"], _js.Publisher.Methods);
        Assert.Equal(1, _js.Publisher.DisposeCount);
        Assert.All(_js.Modules, m => Assert.Equal(1, m.DisposeCount));
        Assert.Throws<ObjectDisposedException>(() => callbacks.Value);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.InitializeAsync());
    }

    [Fact]
    public async Task DisposeAsync_CircuitGone_CompletesWithoutThrowing()
    {
        _js.AnswerEverything();
        var sut = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await sut.InitializeAsync().OrTimeout();
        _js.Failure = new JSDisconnectedException("gone");

        await sut.DisposeAsync().AsTask().OrTimeout();

        Assert.Equal(1, _js.Publisher.DisposeCount);
    }

    private static List<StreamDestroyedReason> Reasons(IPublisher publisher)
    {
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);
        return reasons;
    }

    private async Task<(WebSession Session, IPublisher Publisher)> PublishedAsync()
    {
        _js.AnswerEverything();
        var session = new WebSession(_js, "k", "s");
        await session.ConnectAsync("token").OrTimeout();
        var publisher = new WebPublisherFactory(_js).CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();
        await session.PublishAsync(publisher).OrTimeout();
        return (session, publisher);
    }

    private sealed class Moqless : IPublisher
    {
        public string? StreamId => null;

        public event EventHandler<StreamDestroyedEventArgs>? StreamDestroyed
        {
            add { }
            remove { }
        }

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
