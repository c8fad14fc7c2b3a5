using Polly;

namespace Vonage.PublishKit.Tests.TestSupport;

/// <summary>Options with nothing set, for adding a hand-made strategy to a pipeline.</summary>
internal sealed class PlainStrategyOptions : ResilienceStrategyOptions;
