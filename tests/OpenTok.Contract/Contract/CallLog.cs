using System.Collections.Generic;

namespace OpenTok.Contract;

/// <summary>The SDK calls made through one <see cref="Context"/>, in order, e.g. <c>Session.Unpublish</c>, <c>Publisher.Dispose</c>.</summary>
public sealed class CallLog
{
    private readonly List<string> _calls = [];

    internal CallLog()
    {
    }

    /// <summary>Gets a snapshot of the calls so far.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    internal void Add(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
