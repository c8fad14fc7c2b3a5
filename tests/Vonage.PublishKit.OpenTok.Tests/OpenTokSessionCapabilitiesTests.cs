using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Issue 15, item 4: a token that may only subscribe fails at once, typed, instead of late and generic.</summary>
public sealed class OpenTokSessionCapabilitiesTests : IDisposable
{
    private readonly SdkHarness _sdk = new();

    public OpenTokSessionCapabilitiesTests()
    {
        _sdk.AnswerEverything();
        _sdk.Sdk.Capabilities = new Capabilities { CanPublish = false, CanSubscribe = true };
    }

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task ConnectAsync_SubscriberToken_FailsNonTransientAndStaysConnected()
    {
        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.False(exception.IsTransient);
        Assert.Equal(PublishPhase.Connect, exception.Phase);
        Assert.Contains("CanPublish", exception.Message, StringComparison.Ordinal);
        Assert.True(_sdk.Session.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_AgainWhenConnectedWithSubscriberToken_FailsAgain()
    {
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());
        Assert.Equal(1, _sdk.Sdk.ConnectCount);
    }

    [Fact]
    public async Task PublishAsync_SubscriberToken_FailsWithoutCallingTheSdk()
    {
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());
        var publisher = _sdk.CreateFactory().CreatePublisher(new PublisherSettings());
        await publisher.InitializeAsync().OrTimeout();

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
    }

    [Fact]
    public async Task Orchestrator_SubscriberToken_FailsAtOnceAndReleasesThePublisher()
    {
        var time = new FakeTimeProvider();
        await using var sut = new PublishOrchestrator(_sdk.Session, _sdk.CreateFactory(), new PublishOrchestratorOptions { TimeProvider = time });

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sut.PublishAsync(SdkHarness.Token).OrTimeout());

        Assert.Equal(PublishErrorKind.AuthenticationFailed, exception.Kind);
        Assert.Equal(0, _sdk.Sdk.PublishCount);
        Assert.Equal(1, _sdk.Sdk.ConnectCount);
        Assert.All(_sdk.Publishers, p => Assert.Equal(1, p.Script().DisposeCount));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectAsync_PublisherTokenOrNoCapabilities_Connects(bool capabilitiesKnown)
    {
        _sdk.Sdk.Capabilities = capabilitiesKnown ? new Capabilities { CanPublish = true } : null;

        await _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout();

        Assert.True(_sdk.Session.IsConnected);
    }
}
