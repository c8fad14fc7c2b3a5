namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Counts publishers between the start of their initialize and the end of their dispose: the camera's holders.</summary>
internal sealed class CameraLedger
{
    private readonly object _gate = new();
    private int _holders;
    private int _most;

    /// <summary>Gets the most publishers that held the camera at once.</summary>
    public int MostAtOnce
    {
        get
        {
            lock (_gate)
            {
                return _most;
            }
        }
    }

    public void Acquire()
    {
        lock (_gate)
        {
            _holders++;
            if (_holders > _most)
            {
                _most = _holders;
            }
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _holders--;
        }
    }
}
