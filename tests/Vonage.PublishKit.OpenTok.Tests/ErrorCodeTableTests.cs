using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OpenTok;
using OpenTok.Contract;
using Vonage.PublishKit.OpenTok.Tests.TestSupport;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.OpenTok.Tests;

/// <summary>Issue 15, item 3: every member of the 2.23 <c>ErrorCode</c> enum has a deliberate mapping (docs/opentok.md shows this table).</summary>
public sealed class ErrorCodeTableTests : IDisposable
{
    // code -> the exception a caller gets while connecting or publishing (1500 at initialize is access denied, tested elsewhere).
    private static readonly Dictionary<int, (Type Type, PublishErrorKind Kind, bool Transient)> Table = new()
    {
        [-1] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1004] = (typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false),
        [1005] = (typeof(AuthenticationFailedException), PublishErrorKind.AuthenticationFailed, false),
        [1006] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1010] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1011] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1015] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1020] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1021] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1022] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1023] = (typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true),
        [1026] = (typeof(PublishException), PublishErrorKind.ConnectionRejected, false),
        [1027] = (typeof(PublishException), PublishErrorKind.ConnectionRejected, false),
        [1112] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1113] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1403] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1413] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1414] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1461] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1500] = (typeof(PublishException), PublishErrorKind.Unknown, true),
        [1503] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1540] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1541] = (typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true),
        [1542] = (typeof(NotConnectedException), PublishErrorKind.NotConnected, true),
        [1600] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1604] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1605] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [1610] = (typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true),
        [1650] = (typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false),
        [1670] = (typeof(AccessDeniedException), PublishErrorKind.AccessDenied, false),
        [1710] = (typeof(PeerConnectionFailedException), PublishErrorKind.PeerConnectionFailed, true),
        [2000] = (typeof(PublishException), PublishErrorKind.Unknown, true),
        [2001] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [2003] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [2004] = (typeof(PublishException), PublishErrorKind.Unknown, false),
        [3000] = (typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false),
        [3010] = (typeof(DeviceUnavailableException), PublishErrorKind.DeviceUnavailable, false),
        [4000] = (typeof(PublishException), PublishErrorKind.Unknown, false),
    };

    private readonly SdkHarness _sdk = new();

    public static TheoryData<ErrorCode> EveryMember => [.. Enum.GetValues(typeof(ErrorCode)).Cast<ErrorCode>()];

    public void Dispose() => _sdk.Dispose();

    [Fact]
    public void Table_CoversEveryErrorCodeMember()
    {
        var members = Enum.GetValues(typeof(ErrorCode)).Cast<int>().Distinct().OrderBy(c => c);

        Assert.Equal(41, Enum.GetNames(typeof(ErrorCode)).Length);
        Assert.Equal(members, Table.Keys.OrderBy(c => c));
    }

    [Theory]
    [MemberData(nameof(EveryMember))]
    public async Task SessionErrorWhileConnecting_EveryMember_MapsAsTheTableSays(ErrorCode code)
    {
        var connect = _sdk.Session.ConnectAsync(SdkHarness.Token);
        _sdk.Sdk.RaiseError((int)code, "description");

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => connect.OrTimeout());

        AssertMapped(code, PublishPhase.Connect, exception);
    }

    [Theory]
    [MemberData(nameof(EveryMember))]
    public async Task PublisherErrorWhilePublishing_EveryMember_MapsAsTheTableSays(ErrorCode code)
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);
        _sdk.LastPublisher.RaiseError((int)code, "description");

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => publish.OrTimeout());

        AssertMapped(code, PublishPhase.Publish, exception);
    }

    [Theory]
    [MemberData(nameof(EveryMember))]
    public async Task SessionConnectThrows_EveryMember_MapsAsTheTableSays(ErrorCode code)
    {
        _sdk.Sdk.OnConnect = _ => throw new OpenTokException("failed") { ErrorCode = code };

        var exception = await Assert.ThrowsAnyAsync<PublishException>(() => _sdk.Session.ConnectAsync(SdkHarness.Token).OrTimeout());

        AssertMapped(code, PublishPhase.Connect, exception);
    }

    [Fact]
    public async Task ErrorMapper_OverridesATableEntry()
    {
        _sdk.Options.ErrorMapper = e => e.Code == 1650 ? PublishErrors.AccessDenied() : null;
        var publisher = await _sdk.ConnectAndInitializeAsync();
        var publish = _sdk.Session.PublishAsync(publisher);

        _sdk.LastPublisher.RaiseError(1650);

        await Assert.ThrowsAsync<AccessDeniedException>(() => publish.OrTimeout());
    }

    [Fact]
    public async Task PublisherError1710_AfterPublished_ReportsTheStreamLostToTheNetwork()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        _sdk.Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-1");
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);

        _sdk.LastPublisher.RaiseError(1710, "peer connection lost");
        _sdk.LastPublisher.RaiseStreamDestroyed();

        Assert.Equal([StreamDestroyedReason.NetworkDisconnected], reasons);
    }

    [Fact]
    public async Task PublisherErrorOtherThan1710_AfterPublished_LeavesTheStreamToStreamDestroyed()
    {
        var publisher = await _sdk.ConnectAndInitializeAsync();
        _sdk.Sdk.OnPublish = p => p.Script().RaiseStreamCreated("stream-1");
        await _sdk.Session.PublishAsync(publisher).OrTimeout();
        var reasons = new List<StreamDestroyedReason>();
        publisher.StreamDestroyed += (_, e) => reasons.Add(e.Reason);

        _sdk.LastPublisher.RaiseError(1610, "a WebRTC hiccup");

        Assert.Empty(reasons);
        Assert.Equal("stream-1", publisher.StreamId);
    }

    private static void AssertMapped(ErrorCode code, PublishPhase phase, PublishException exception)
    {
        var (type, kind, transient) = Table[(int)code];
        Assert.Equal(type, exception.GetType());
        Assert.Equal(kind, exception.Kind);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal((int)code, exception.SdkErrorCode);
        Assert.Equal(phase, exception.Phase);
    }
}
