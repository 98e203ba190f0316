using Feed.Redis;
using Microsoft.AspNetCore.SignalR;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis backplane to SignalR, the same shape as <c>AddStackExchangeRedis</c>.</summary>
public static class RedisBackplaneExtensions
{
    /// <summary>Uses Redis as the backplane; configure it through <see cref="RedisBackplaneOptions"/>.</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR) =>
        AddRedisBackplane(signalR, _ => { });

    /// <summary>Uses Redis at <paramref name="connectionString"/> (<c>host:port,password=...</c>).</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, string connectionString) =>
        AddRedisBackplane(signalR, connectionString, _ => { });

    /// <summary>Uses Redis at <paramref name="connectionString"/>, then applies <paramref name="configure"/>.</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, string connectionString,
        Action<RedisBackplaneOptions> configure)
    {
        // Parsed now, so a bad string fails at startup with a FormatException naming the key.
        var connection = RedisConnectionOptions.Parse(connectionString);
        return AddRedisBackplane(signalR, options =>
        {
            options.Connection = connection;
            configure(options);
        });
    }

    /// <summary>Uses Redis as the backplane, configured by <paramref name="configure"/>.</summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, Action<RedisBackplaneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        ArgumentNullException.ThrowIfNull(configure);
        signalR.Services.Configure(configure);
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return signalR;
    }
}
