namespace OpenTok;

/// <summary>A stream in a session.</summary>
public class Stream
{
    internal Stream(string id)
    {
        Id = id;
    }

    /// <summary>Gets the stream's identifier.</summary>
    public string Id { get; }
}
