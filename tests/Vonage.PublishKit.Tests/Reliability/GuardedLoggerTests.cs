using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Moq;
using Vonage.PublishKit.Internal;
using Vonage.PublishKit.Tests.TestSupport;

namespace Vonage.PublishKit.Tests.Reliability;

public class GuardedLoggerTests
{
    [Fact]
    public void HealthyLogger_GetsEveryCall()
    {
        var inner = new FakeLogger();
        var scope = new Mock<IDisposable>().Object;
        var scoped = new Mock<ILogger>();
        scoped.Setup(l => l.BeginScope("scope")).Returns(scope);
        scoped.Setup(l => l.IsEnabled(LogLevel.Debug)).Returns(true);

        new GuardedLogger(inner).Log(LogLevel.Warning, new EventId(7), "state", null, (s, _) => s);

        Assert.Equal(("state", LogLevel.Warning, 7), (inner.LatestRecord.Message, inner.LatestRecord.Level, inner.LatestRecord.Id.Id));
        Assert.Same(scope, new GuardedLogger(scoped.Object).BeginScope("scope"));
        Assert.True(new GuardedLogger(scoped.Object).IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public void BrokenLogger_ThrowsNothing()
    {
        var broken = new Mock<ILogger>();
        broken.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Throws(new InvalidOperationException("a broken logging provider"));
        broken.Setup(l => l.BeginScope(It.IsAny<string>())).Throws(new InvalidOperationException("a broken logging provider"));
        var sut = new GuardedLogger(broken.Object);

        Assert.False(sut.IsEnabled(LogLevel.Error));
        Assert.Null(sut.BeginScope("scope"));
        new GuardedLogger(new ThrowingLogger()).Log(LogLevel.Error, default, "state", null, (s, _) => s);
    }

    [Fact]
    public void Log_ExceptionWhoseTextHoldsACredential_ReachesTheLoggerAsARedactedStandIn()
    {
        var inner = new FakeLogger();
        var leaky = new InvalidOperationException("connect failed for token=" + SeamHarness.Token);

        new GuardedLogger(inner).Log(LogLevel.Warning, new EventId(10), "state", leaky, (s, _) => s);

        var logged = inner.LatestRecord.Exception!;
        var standIn = Assert.IsType<RedactedException>(logged);
        Assert.Equal("System.InvalidOperationException", standIn.TypeName);
        Assert.Equal("A System.InvalidOperationException whose text held a credential; it is redacted.", standIn.Message);
        Assert.Equal(SecretRedactor.Redact(leaky.ToString()), standIn.ToString());
        Assert.Contains(SecretRedactor.Placeholder, standIn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SeamHarness.Token, standIn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_ExceptionWithoutACredential_ReachesTheLoggerItself()
    {
        var inner = new FakeLogger();
        var plain = new InvalidOperationException("the camera is in use");

        new GuardedLogger(inner).Log(LogLevel.Warning, new EventId(11), "state", plain, (s, _) => s);

        Assert.Same(plain, inner.LatestRecord.Exception);
    }
}
