using System.Threading;

namespace Vonage.PublishKit.Web.Tests.TestSupport;

/// <summary>One call into the fake browser.</summary>
internal sealed record FakeJsCall(FakeJsObject Target, string Method, object?[] Args, CancellationToken CancellationToken)
{
    /// <summary>Gets the operation id the adapter passed first, for a call that starts an SDK operation.</summary>
    public long OperationId => (long)Args[0]!;
}
