using System;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Posts seam completions to a <see cref="DispatcherThread"/>, as the SDK's thread would, and disposes it from a thread of its own.</summary>
internal sealed class SdkCompletionDispatcher : IAsyncDisposable
{
    private readonly DispatcherThread _thread = new();

    public void Post(Action action) => _thread.Post(action);

    // A test may have resumed on the dispatcher, which cannot join itself.
    public async ValueTask DisposeAsync() => await Task.Run(_thread.Dispose).OrTimeout();
}
