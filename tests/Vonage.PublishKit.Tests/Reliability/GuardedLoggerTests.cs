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
}
