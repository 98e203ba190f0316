using Microsoft.Extensions.Options;

namespace Feed.Server.Delivery;

/// <summary>Which delivery runs: Feed's engine or SignalR's own, in one process or across instances on Redis.</summary>
internal enum DeliveryMode
{
    /// <summary>One instance: Feed's engine (the default without <c>ConnectionStrings:Redis</c>).</summary>
    InProcess,

    /// <summary>Feed's engine on Feed's Redis backplane (<c>Feed:Redis:Backplane</c> = <c>feed</c>, the default with Redis).</summary>
    FeedRedis,

    /// <summary>SignalR's own groups on SignalR's own Redis backplane (<c>Feed:Redis:Backplane</c> = <c>official</c>).</summary>
    OfficialRedis,

    /// <summary>SignalR's stock lifetime manager and protocols in one process (<c>Feed:Hub:StockSignalR</c>, benchmarks only).</summary>
    Stock,
}

/// <summary>Reads the mode from configuration: the only place that looks at the keys that decide it.</summary>
internal static class DeliveryModes
{
    public const string RedisConnectionStringName = "Redis";
    public const string BackplaneKey = "Feed:Redis:Backplane";

    public static DeliveryMode From(IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(FeedServiceCollectionExtensions.StockSignalRKey))
        {
            return DeliveryMode.Stock;
        }
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisConnectionStringName)))
        {
            return DeliveryMode.InProcess;
        }
        var backplane = configuration[BackplaneKey];
        return backplane?.Trim().ToLowerInvariant() switch
        {
            null or "" or "feed" => DeliveryMode.FeedRedis,
            "official" => DeliveryMode.OfficialRedis,
            _ => throw new OptionsValidationException(BackplaneKey, typeof(string),
                [$"{BackplaneKey} must be 'feed' (Feed's backplane, the default) or 'official' (SignalR's AddStackExchangeRedis), not '{backplane}'."]),
        };
    }
}
