#if OPENTOK_CONTRACT_NULLABLE
#nullable enable
#endif

namespace OpenTok;

// class_open_tok_1_1_capabilities.txt: public fields, the implicit constructor.

/// <summary>What the token used to connect allows.</summary>
public class Capabilities
{
    /// <summary>Whether the client can publish and subscribe to streams.</summary>
    public bool CanPublish;

    /// <summary>Whether the client can subscribe to streams.</summary>
    public bool CanSubscribe;

    /// <summary>Whether the client can force other streams to be muted.</summary>
    public bool CanForceMute;
}
