using System;
using System.Threading.Tasks;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Posts seam completions to a <see cref="DispatcherThread"/>, as the SDK's thread would, and disposes it from a thread of its own.</summary>
internal sealed class SdkCompletionDispatcher : IAsyncDisposable
{
    private readonly DispatcherThread _thread = new();

    public void Post(Action action) => _thread.Post(action);

    /// <summary>A seam's task that the dispatcher completes, as the SDK's thread would, once the caller has it.</summary>
    public Task Completion()
    {
        var done = new TaskCompletionSource();
        Post(done.SetResult);
        return done.Task;
    }

    // A test may have resumed on the dispatcher, which cannot join itself.
    public async ValueTask DisposeAsync() => await Task.Run(_thread.Dispose).OrTimeout();
}
