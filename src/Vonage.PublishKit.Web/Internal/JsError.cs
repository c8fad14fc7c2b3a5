namespace Vonage.PublishKit.Web.Internal;

/// <summary>An OpenTok.js error as the module passes it to .NET: its <c>name</c>, <c>code</c> and <c>message</c>.</summary>
internal sealed class JsError
{
    public string? Name { get; set; }

    public int? Code { get; set; }

    public string? Message { get; set; }
}
