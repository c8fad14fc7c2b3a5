using System;

namespace Vonage.PublishKit.Testing.Tests;

public class FakeOutcomeTests
{
    [Fact]
    public void After_NegativeDelay_ThrowsNamingDelay()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => FakeOutcome.Succeed().After(TimeSpan.FromMilliseconds(-1)));

        Assert.Equal("delay", exception.ParamName);
    }

    [Fact]
    public void After_OnHang_ThrowsBecauseItNeverCompletes()
    {
        Assert.Throws<InvalidOperationException>(() => FakeOutcome.Hang().After(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void After_ReturnsCopyWithDelay()
    {
        var outcome = FakeOutcome.Fail(PublishErrorKind.AccessDenied);

        var delayed = outcome.After(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.Zero, outcome.Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), delayed.Delay);
        Assert.True(delayed.Fails);
        Assert.Equal("fail with AccessDenied after 1500 ms", delayed.ToString());
    }

    [Fact]
    public void Fail_NullException_ThrowsNamingIt()
    {
        Assert.Equal("exception", Assert.Throws<ArgumentNullException>(() => FakeOutcome.Fail((Exception)null!)).ParamName);
    }

    [Fact]
    public void Hang_HasNoEnd()
    {
        var outcome = FakeOutcome.Hang();

        Assert.True(outcome.Hangs);
        Assert.False(outcome.Fails);
        Assert.Equal("hang", outcome.ToString());
    }
}
