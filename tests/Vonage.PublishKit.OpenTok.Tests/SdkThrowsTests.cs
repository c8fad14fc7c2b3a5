using System;
using System.Threading.Tasks;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>An SDK member that throws something other than <c>OpenTokException</c> fails the call, never the state.</summary>
public sealed class SdkThrowsTests : IDisposable
{
    private const string EchoedToken = "T1==c2Vzc2lvbl9pZD0xJnNpZz1hYmNkZWYwMTIzNDU2Nzg5";
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task ConnectAsync_ConnectThrowsAnything_FailsUnknownWithoutTheTokenAndCanConnectAgain()
    {
        _sdk.Sdk.OnConnect = token => throw new InvalidOperationException("cannot use " + token);

        var exception = await Assert.ThrowsAsync<PublishException>(() => _sdk.Session.ConnectAsync(EchoedToken).OrTimeout());

        Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
        Assert.Contains("System.InvalidOperationException: cannot use [redacted]", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("T1==", exception.ToString(), StringComparison.Ordinal);
        _sdk.Sdk.OnConnect = _ => _sdk.Sdk.RaiseConnected();
        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();
        Assert.Equal(2, _sdk.Sdk.ConnectCount);
    }

    [Fact]
    public async Task PublishAsync_PublishThrowsAnything_FailsAndThePublisherCanPublishAgain()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        _sdk.Sdk.OnPublish = _ => throw new ObjectDisposedException("Publisher");

        await Assert.ThrowsAsync<PublishException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        _sdk.Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-2");
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        Assert.Equal("stream-2", publisher.StreamId);
    }

    [Fact]
    public async Task UnpublishAsync_UnpublishThrowsAnything_FailsAndDisposeStillReleases()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        _sdk.Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-1");
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        _sdk.Sdk.OnUnpublish = _ => throw new InvalidOperationException("native failure");

        await Assert.ThrowsAsync<PublishException>(() => _sdk.Session.UnpublishAsync(publisher).OrTimeout());
        await publisher.DisposeAsync();

        Assert.Equal(1, _sdk.LastPublisher.DisposeCount);
        Assert.False(_sdk.LastPublisher.HasHandlers);
    }

    [Fact]
    public async Task Dispose_DisconnectThrowsAnything_StillDetachesAndDisposesTheSdkSession()
    {
        await _sdk.ConnectAndInitializeAsync();
        _sdk.Sdk.OnDisconnect = () => throw new InvalidOperationException("native failure");

        _sdk.Session.Dispose();

        Assert.False(_sdk.Sdk.HasHandlers);
        Assert.Equal(1, _sdk.Sdk.DisposeCount);
    }

    [Fact]
    public async Task InitializeAsync_EnumerationThrowsAnything_FailsUnknownAndCanRetry()
    {
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        using (ContractDevices.Throw(new InvalidOperationException("driver crashed")))
        {
            var exception = await Assert.ThrowsAsync<PublishException>(() => publisher.InitializeAsync().OrTimeout());
            Assert.Equal(PublishErrorKind.Unknown, exception.Kind);
            Assert.Equal(PublishPhase.Initialize, exception.Phase);
        }

        await publisher.InitializeAsync().OrTimeout();
        Assert.Single(_sdk.Publishers);
    }
}
