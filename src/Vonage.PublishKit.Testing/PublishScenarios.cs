using System;
using System.Collections.Generic;
using System.Linq;

namespace Vonage.PublishKit.Testing;

/// <summary>
/// Ready-made scenarios for every case of the Vonage troubleshooting guide, each configuring the fakes in one
/// call with realistic latencies. Pass a <c>FakeTimeProvider</c> to run them in virtual time.
/// </summary>
public static class PublishScenarios
{
    /// <summary>How long acquiring the camera and microphone takes when it works: 200 ms.</summary>
    public static readonly TimeSpan InitializeLatency = TimeSpan.FromMilliseconds(200);

    /// <summary>How long connecting the session takes when it works: 300 ms.</summary>
    public static readonly TimeSpan ConnectLatency = TimeSpan.FromMilliseconds(300);

    /// <summary>How long publishing takes when it works: 100 ms.</summary>
    public static readonly TimeSpan PublishLatency = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a user takes to deny the camera: 1.5 s.</summary>
    public static readonly TimeSpan DenyLatency = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long the SDK takes to report that there is no device: 50 ms.</summary>
    public static readonly TimeSpan NoDevicesLatency = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the SDK takes to report that the camera is held by another application: 400 ms.</summary>
    public static readonly TimeSpan DeviceBusyLatency = TimeSpan.FromMilliseconds(400);

    /// <summary>How long an offline connect takes to fail: 2 s.</summary>
    public static readonly TimeSpan OfflineLatency = TimeSpan.FromSeconds(2);

    /// <summary>How long a published stream lives in <see cref="StreamLost"/>: 5 s.</summary>
    public static readonly TimeSpan StreamLifetime = TimeSpan.FromSeconds(5);

    private static readonly (string Name, Func<TimeProvider, PublishScenario> Create)[] Catalog =
    [
        ("happy-path", HappyPath),
        ("access-denied", AccessDenied),
        ("no-devices", NoDevices),
        ("camera-in-use", CameraInUse),
        ("offline", Offline),
        ("firewall", RestrictiveFirewall),
        ("stream-lost", StreamLost),
    ];

    /// <summary>Gets the name of every scenario, in the guide's order.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Catalog.Select(c => c.Name).ToArray());

    /// <summary>Everything works: initialize 200 ms and connect 300 ms side by side, then publish 100 ms.</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario HappyPath(TimeProvider? timeProvider = null) =>
        Working(new("happy-path", "Initialize and connect run side by side, then the stream is published.", timeProvider ?? TimeProvider.System, null, null));

    /// <summary>The user denies camera and microphone access after 1.5 s (code 1500, <c>OT_USER_MEDIA_ACCESS_DENIED</c>).</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario AccessDenied(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("access-denied", "The user denies access to the camera and microphone.", timeProvider ?? TimeProvider.System, typeof(AccessDeniedException), UserMessageOf(PublishErrors.AccessDenied())));
        scenario.PublisherFactory.Initialize.Default = FakeOutcome.Fail(PublishErrorKind.AccessDenied).After(DenyLatency);
        return scenario;
    }

    /// <summary>No camera or microphone is attached (<c>OT_NO_DEVICES_FOUND</c> after 50 ms).</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario NoDevices(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("no-devices", "No camera or microphone is attached.", timeProvider ?? TimeProvider.System, typeof(DeviceUnavailableException), UserMessageOf(PublishErrors.NoDevicesFound())));
        scenario.PublisherFactory.Initialize.Default = FakeOutcome.FailWithSdkError(null, SdkErrorNames.NoDevicesFound).After(NoDevicesLatency);
        return scenario;
    }

    /// <summary>Another application holds the camera (<c>OT_HARDWARE_UNAVAILABLE</c> after 400 ms).</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario CameraInUse(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("camera-in-use", "Another application holds the camera.", timeProvider ?? TimeProvider.System, typeof(DeviceUnavailableException), UserMessageOf(PublishErrors.HardwareUnavailable())));
        scenario.PublisherFactory.Initialize.Default = FakeOutcome.FailWithSdkError(null, SdkErrorNames.HardwareUnavailable).After(DeviceBusyLatency);
        return scenario;
    }

    /// <summary>The user is offline: connecting fails after 2 s with <c>OT_NOT_CONNECTED</c> (code 1010).</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario Offline(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("offline", "The user is not connected to the internet.", timeProvider ?? TimeProvider.System, typeof(NotConnectedException), UserMessageOf(PublishErrors.NotConnected())));
        scenario.Session.Connect.Default = FakeOutcome.Fail(PublishErrorKind.NotConnected).After(OfflineLatency);
        return scenario;
    }

    /// <summary>
    /// A restrictive firewall blocks WebRTC: publishing never completes (the "spinning wheel"), so the
    /// orchestrator's publish watchdog ends it with a <see cref="PeerConnectionFailedException"/>.
    /// </summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario RestrictiveFirewall(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("firewall", "A restrictive firewall blocks WebRTC: publishing spins forever.", timeProvider ?? TimeProvider.System, typeof(PeerConnectionFailedException), UserMessageOf(PublishErrors.PeerConnectionFailed())));
        scenario.Session.Publish.Default = FakeOutcome.Hang();
        return scenario;
    }

    /// <summary>The publish succeeds; 5 s later the network takes the stream (<c>networkDisconnected</c>).</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    public static PublishScenario StreamLost(TimeProvider? timeProvider = null)
    {
        var scenario = Working(new("stream-lost", "The stream is published, then lost to the network.", timeProvider ?? TimeProvider.System, null, NetworkDisconnectedEventArgs.DefaultUserMessage));
        scenario.Session.LoseStreamsAfter = StreamLifetime;
        return scenario;
    }

    /// <summary>Creates every scenario, in the guide's order.</summary>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>A new scenario for each name of <see cref="Names"/>.</returns>
    public static IReadOnlyList<PublishScenario> All(TimeProvider? timeProvider = null) =>
        Array.AsReadOnly(Catalog.Select(c => c.Create(timeProvider ?? TimeProvider.System)).ToArray());

    /// <summary>Creates the scenario called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="timeProvider">The time the fakes run on; <see langword="null"/> for the system clock.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No scenario has that name; the message lists the names.</exception>
    public static PublishScenario Create(string name, TimeProvider? timeProvider = null)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        foreach (var (candidate, create) in Catalog)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return create(timeProvider ?? TimeProvider.System);
            }
        }

        throw new ArgumentException($"There is no scenario '{name}'. The scenarios are: {string.Join(", ", Names)}.", nameof(name));
    }

    private static PublishScenario Working(PublishScenario scenario)
    {
        scenario.PublisherFactory.Initialize.Default = FakeOutcome.Succeed().After(InitializeLatency);
        scenario.Session.Connect.Default = FakeOutcome.Succeed().After(ConnectLatency);
        scenario.Session.Publish.Default = FakeOutcome.Succeed().After(PublishLatency);
        return scenario;
    }

    private static string UserMessageOf(PublishException exception) => exception.UserMessage;
}
