using System;
using System.Threading;
using System.Threading.Tasks;
using Vonage.PublishKit.Testing;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>A session that succeeds at once and, unlike <see cref="FakeSession"/>, records nothing: a retention test sees only what the orchestrator keeps.</summary>
internal sealed class ForgetfulSession : ISession
{
    public event EventHandler<SessionDisconnectedEventArgs>? Disconnected { add { } remove { } }

    public event EventHandler? Reconnecting { add { } remove { } }

    public event EventHandler? Reconnected { add { } remove { } }

    public bool IsConnected => true;

    public Task ConnectAsync(string token, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task PublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnpublishAsync(IPublisher publisher, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
