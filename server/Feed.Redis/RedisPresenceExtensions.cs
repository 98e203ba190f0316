using Feed.Core;
using Feed.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps presence in Redis, through the process's one multiplexer.</summary>
public static class RedisPresenceExtensions
{
    /// <summary>
    /// Registers <see cref="RedisPresenceStore"/> as the <see cref="IPresenceStore"/>, on the already
    /// registered <see cref="IConnectionMultiplexer"/> (<see cref="RedisServiceCollectionExtensions.AddFeedRedis"/>),
    /// its lease from <see cref="PresenceOptions.InstanceTimeout"/>.
    /// </summary>
    /// <param name="keyPrefix">Put before every key (several deployments on one Redis).</param>
    public static IServiceCollection AddRedisPresence(this IServiceCollection services, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Instead of any other store (the in-memory one is the host's default), whichever was registered first.
        services.RemoveAll<IPresenceStore>();
        services.AddSingleton<IPresenceStore>(sp => new RedisPresenceStore(sp.GetRequiredService<IConnectionMultiplexer>(), keyPrefix,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PresenceOptions>>().Value.InstanceTimeout));
        return services;
    }
}
