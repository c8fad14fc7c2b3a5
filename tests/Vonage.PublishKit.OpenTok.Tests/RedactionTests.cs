using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Issue 13, item 11: SDK text that echoes a token never reaches a message, a ToString() or the app's mapper.</summary>
public sealed class RedactionTests : IDisposable
{
    private const string EchoedToken = "T1==cGFydG5lcl9pZD00NzExJnNpZz0wMTIzNDU2Nzg5YWJjZGVm";
    private readonly SdkHarness _sdk = new();

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public async Task ConnectAsync_SdkExceptionEchoesToken_NeitherMessageNorToStringHasIt()
    {
        _sdk.Sdk.OnConnect = token => throw new OpenTokException("Invalid token " + token) { ErrorCode = (ErrorCode)1004 };

        var exception = await Assert.ThrowsAsync<AuthenticationFailedException>(() => _sdk.Session.ConnectAsync(EchoedToken).OrTimeout());

        AssertClean(exception);
        Assert.Equal(1004, exception.SdkErrorCode);
        Assert.Contains("OpenTok.OpenTokException (ErrorCode 1004): Invalid token [redacted]", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("OnConnectCalled", exception.InnerException?.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_BuildThrowsWithToken_OrchestratorFailureHasNoToken()
    {
        _sdk.AnswerEverything();
        _sdk.Context.Probe().OnBuildPublisher = () => throw new OpenTokException("Publisher Access Denied: " + EchoedToken) { ErrorCode = (ErrorCode)1500 };
        await using var sut = new PublishOrchestrator(_sdk.Session, _sdk.CreateFactory(), new PublishOrchestratorOptions { TimeProvider = new FakeTimeProvider(), Retry = null });

        var exception = await Assert.ThrowsAsync<AccessDeniedException>(() => sut.PublishAsync(EchoedToken).OrTimeout());

        AssertClean(exception);
    }

    [Fact]
    public async Task PublishAsync_SessionPublishThrowsWithToken_HasNoToken()
    {
        _sdk.Sdk.OnPublish = _ => throw new OpenTokException("Unable to publish with " + EchoedToken) { ErrorCode = (ErrorCode)1500 };
        var publisher = await _sdk.ConnectAndInitializeAsync();

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => _sdk.Session.PublishAsync(publisher).OrTimeout());

        AssertClean(exception);
    }

    [Fact]
    public async Task ErrorMapper_SdkTextEchoesToken_SeesItRedacted()
    {
        OpenTokError? connectError = null;
        OpenTokError? eventError = null;
        _sdk.Options.ErrorMapper = e =>
        {
            if (e.Exception is null)
            {
                eventError = e;
            }
            else
            {
                connectError = e;
            }

            return null;
        };
        _sdk.Sdk.OnConnect = _ => throw new OpenTokException("bad " + EchoedToken) { ErrorCode = (ErrorCode)1004 };
        await Assert.ThrowsAnyAsync<PublishException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());
        _sdk.Sdk.OnConnect = null;
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        _sdk.Sdk.RaiseError(1004, "Authorization failure: " + EchoedToken);
        await Assert.ThrowsAnyAsync<PublishException>(() => connect.OrTimeout());

        Assert.Equal("bad [redacted]", connectError?.Description);
        Assert.DoesNotContain("T1==", connectError?.Exception?.ToString(), StringComparison.Ordinal);
        Assert.Equal("Authorization failure: [redacted]", eventError?.Description);
    }

    [Fact]
    public async Task PublisherError_DescriptionEchoesToken_MessageHasNoToken()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);

        _sdk.LastPublisher.RaiseError(1610, "ICE failed, token=" + EchoedToken);

        AssertClean(await Assert.ThrowsAsync<PeerConnectionFailedException>(() => publish.OrTimeout()));
    }

    private static void AssertClean(Exception exception)
    {
        Assert.DoesNotContain("T1==", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cGFydG5lcl9pZD00NzEx", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("T1==", exception.Message, StringComparison.Ordinal);
    }
}
