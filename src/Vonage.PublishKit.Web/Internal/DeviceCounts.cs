namespace Vonage.PublishKit.Web.Internal;

/// <summary>What <c>OT.getDevices</c> listed, as the module counts it.</summary>
internal sealed class DeviceCounts
{
    public int AudioInputs { get; set; }

    public int VideoInputs { get; set; }
}
