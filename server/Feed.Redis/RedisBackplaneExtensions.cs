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
        signalR.Services.AddOptions<RedisBackplaneOptions>().Configure(o => configure?.Invoke(o)).ValidateDataAnnotations().ValidateOnStart();
        signalR.Services.AddOptions<FeedDeliveryOptions>().ValidateDataAnnotations().ValidateOnStart();
        signalR.Services.TryAddSingleton<DeliveryMetrics>();
        signalR.Services.TryAddSingleton<BackplaneMetrics>();
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return signalR;
    }

    /// <summary>
    /// The backplane for <typeparamref name="THub"/>, the same instance also registered as
    /// <see cref="IHubAudiences{THub}"/> (audience sends need an <see cref="IAudienceResolver"/>) and
    /// <see cref="IBackplaneStatus"/>.
    /// </summary>
    public static ISignalRServerBuilder AddRedisBackplane<THub>(this ISignalRServerBuilder signalR, Action<RedisBackplaneOptions>? configure)
        where THub : Hub
    {
        signalR.AddRedisBackplane(configure);
        signalR.Services.AddSingleton<RedisHubLifetimeManager<THub>>();
        signalR.Services.AddSingleton<HubLifetimeManager<THub>>(sp => sp.GetRequiredService<RedisHubLifetimeManager<THub>>());
        signalR.Services.AddSingleton<IHubAudiences<THub>>(sp => sp.GetRequiredService<RedisHubLifetimeManager<THub>>());
        // It knows its own state (it also counts what it could not publish).
        signalR.Services.AddSingleton<IBackplaneStatus>(sp => sp.GetRequiredService<RedisHubLifetimeManager<THub>>());
        return signalR;
    }
}
