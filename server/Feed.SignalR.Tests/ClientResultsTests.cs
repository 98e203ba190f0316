using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Feed.SignalR.Tests;

/// <summary>Client results are refused with a clear NotSupportedException naming what to use instead.</summary>
public sealed class ClientResultsTests
{
    [Fact]
    public async Task InvokeConnectionAsync_fails_with_NotSupportedException_saying_what_to_use()
    {
        var manager = new FeedHubLifetimeManager<TestHub>(Options.Create(new FeedDeliveryOptions()), new DeliveryMetrics(new TestMeterFactory()), NullLogger<FeedHubLifetimeManager<TestHub>>.Instance);

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => manager.InvokeConnectionAsync<int>("c1", "Ask", [], CancellationToken.None));

        Assert.Contains("client results", e.Message, StringComparison.Ordinal);
        Assert.Contains("SignalR's own lifetime manager (DefaultHubLifetimeManager, or AddStackExchangeRedis on Redis)", e.Message, StringComparison.Ordinal);
        Assert.False(manager.TryGetReturnType("1", out _));
    }
}
