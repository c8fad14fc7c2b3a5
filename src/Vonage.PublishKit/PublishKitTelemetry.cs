namespace Vonage.PublishKit;

/// <summary>
/// The names under which PublishKit reports traces and metrics, for OpenTelemetry configuration:
/// <c>.AddSource(PublishKitTelemetry.Name)</c> and <c>.AddMeter(PublishKitTelemetry.Name)</c>.
/// </summary>
public static class PublishKitTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Vonage.PublishKit</c>.</summary>
    public const string Name = "Vonage.PublishKit";
}
