using System.Threading.Tasks;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>Starts the sample once, when the browser tests can run at all.</summary>
public sealed class SampleFixture : IAsyncLifetime
{
    public SampleServer Server { get; } = new();

    public Task InitializeAsync() => Server.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}
