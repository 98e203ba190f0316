using Feed.Redis;
using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;


namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Feed's Redis backplane to SignalR, the same shape as <c>AddStackExchangeRedis</c>.</summary>
public static class RedisBackplaneExtensions
{
    /// <summary>
    /// Uses Redis at <paramref name="connectionString"/> (StackExchange.Redis syntax) as the
    /// backplane, through the process's one multiplexer (<see cref="RedisServiceCollectionExtensions.AddFeedRedis"/>).
    /// </summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, string connectionString,
        Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.Services.AddFeedRedis(connectionString);
        return signalR.AddRedisBackplane(configure);
    }

    /// <summary>Uses the already registered <c>IConnectionMultiplexer</c> as the backplane.</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, Action<RedisBackplaneOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.Services.AddOptions<RedisBackplaneOptions>().Configure(o => configure?.Invoke(o));
        signalR.Services.AddOptions<FeedDeliveryOptions>().ValidateDataAnnotations().ValidateOnStart();
        signalR.Services.TryAddSingleton<DeliveryMetrics>();
        signalR.Services.TryAddSingleton<BackplaneMetrics>();
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return signalR;
    }
}
