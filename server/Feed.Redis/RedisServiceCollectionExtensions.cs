using Feed.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the process's one Redis connection.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="IConnectionMultiplexer"/> for <paramref name="connectionString"/>
    /// (StackExchange.Redis syntax, see <see cref="FeedRedisConnection"/>), shared by everything that
    /// uses Redis: it is built to be shared. The string is parsed now, so a bad one stops startup.
    /// </summary>
    /// <param name="configure">Changes to the options before connecting (e.g. a <c>ChannelPrefix</c>).</param>
    public static IServiceCollection AddFeedRedis(this IServiceCollection services, string connectionString,
        Action<ConfigurationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = FeedRedisConnection.Options(connectionString);
        configure?.Invoke(options);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }
}
