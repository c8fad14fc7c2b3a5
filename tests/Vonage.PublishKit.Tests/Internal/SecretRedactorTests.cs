using Vonage.PublishKit.Internal;

namespace Vonage.PublishKit.Tests.Internal;

public class SecretRedactorTests
{
    private const string OpenTokToken = "T1==cGFydG5lcl9pZD00NzUyMTM1MSZzaWc9YWJjZGVm";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhcHBsaWNhdGlvbl9pZCI6IjEyMyJ9.c2lnbmF0dXJl";

    [Theory]
    [InlineData("Invalid token " + OpenTokToken + " for session", "Invalid token [redacted] for session")]
    [InlineData("Rejected " + Jwt + ".", "Rejected [redacted].")]
    [InlineData("connect?token=abc123&x=1 failed", "connect?token=[redacted]&x=1 failed")]
    [InlineData("{\"token\": \"short-secret\"}", "{\"token\": \"[redacted]\"}")]
    [InlineData("key 0123456789abcdef0123456789abcdef0123 leaked", "key [redacted] leaked")]
    public void Redact_CredentialShapedText_ReplacesOnlyTheCredential(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Theory]
    [InlineData("Publisher Access Denied: the user denied the camera.")]
    [InlineData("Stream 2f1d0c9e-4b7a-4c1e-9a3d-6f2b8e7d1a05 was destroyed")]
    [InlineData("OT_CREATE_PEER_CONNECTION_FAILED")]
    public void Redact_OrdinaryText_IsUnchanged(string text) => Assert.Equal(text, SecretRedactor.Redact(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Redact_NullOrEmpty_ReturnsItUnchanged(string? text) => Assert.Equal(text, SecretRedactor.Redact(text));

    [Fact]
    public void FromSdkError_DescriptionEchoesTheToken_MessageAndToStringOmitIt()
    {
        var error = PublishErrors.FromSdkError(1004, "OT_AUTHENTICATION_ERROR", "Invalid token: " + OpenTokToken, PublishPhase.Connect);

        Assert.DoesNotContain(OpenTokToken, error.Message, System.StringComparison.Ordinal);
        Assert.DoesNotContain(OpenTokToken, error.ToString(), System.StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void RedactSecrets_IsTheRedactorAdaptersUse() =>
        Assert.Equal("x [redacted]", PublishErrors.RedactSecrets("x " + Jwt));

    [Theory]
    [InlineData("connect?TOKEN=abc123&x=1 failed", "connect?TOKEN=[redacted]&x=1 failed")]
    [InlineData("{\"Token\": \"short-secret\"}", "{\"Token\": \"[redacted]\"}")]
    [InlineData("Invalid token t1==cGFydG5lcl9pZD0xMjM for session", "Invalid token [redacted] for session")]
    public void Redact_CredentialInAnyLetterCase_IsReplaced(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Fact]
    public void Redact_TextTooHostileToScanInTime_IsDroppedWhole()
    {
        // Every position of the blank run looks back across it for "token:": quadratic, far past the scan's bound.
        var hostile = "token:" + new string(' ', 200_000) + "x";

        Assert.Equal(SecretRedactor.Placeholder, SecretRedactor.Redact(hostile));
    }
}

