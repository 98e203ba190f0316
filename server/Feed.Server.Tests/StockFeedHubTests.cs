using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>The stock SignalR configuration the benchmarks compare against.</summary>
public sealed class StockSignalRFixture : FeedServerFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [Microsoft.Extensions.DependencyInjection.FeedServiceCollectionExtensions.StockSignalRKey] = "true",
    };
}

/// <summary>The hub suite on stock SignalR (its JSON protocol, default lifetime manager): the comparison is fair only if it works.</summary>
public sealed class StockFeedHubTests(StockSignalRFixture fixture) : FeedHubSuite(fixture), IClassFixture<StockSignalRFixture>
{
    /// <summary>Stock SignalR shows only its outer binding error, which names no field.</summary>
    protected override string WrongTypeError(string field) => "Make sure that the types of the provided values match";
}

/// <summary>The same over stock SignalR's MessagePack protocol with its default options.</summary>
public sealed class StockFeedHubMessagePackTests(StockSignalRFixture fixture)
    : FeedHubSuite(fixture, Feed.Client.FeedHubProtocols.MessagePack), IClassFixture<StockSignalRFixture>
{
    protected override string WrongTypeError(string field) => "Make sure that the types of the provided values match";
}
