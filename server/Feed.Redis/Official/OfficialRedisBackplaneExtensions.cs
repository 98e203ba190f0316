using Feed.Redis;
using Feed.SignalR.Delivery;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>SignalR's own Redis backplane, on the process's one multiplexer.</summary>
public static class OfficialRedisBackplaneExtensions
{
    /// <summary>
    /// Registers SignalR's <c>AddStackExchangeRedis</c> with its <see cref="RedisOptions.ConnectionFactory"/>
    /// returning the registered <see cref="IConnectionMultiplexer"/> (<c>AddFeedRedis</c>), so nothing
    /// opens a second connection. Its channel prefix is the multiplexer's <c>ChannelPrefix</c>.
    /// </summary>
    public static ISignalRServerBuilder AddOfficialRedisBackplane(this ISignalRServerBuilder signalR)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.AddStackExchangeRedis();
        signalR.Services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.ConnectionFactory = _ => Task.FromResult(redis));
        return signalR;
    }

    /// <summary>
    /// SignalR's own backplane for <typeparamref name="THub"/>, with what it lacks for Feed: its state
    /// (<see cref="IBackplaneStatus"/>, from the multiplexer's events, <see cref="RedisConnectionMonitor"/>)
    /// and a user's group changes on every instance (<see cref="IUserGroups"/>, Feed's acknowledged
    /// <see cref="RedisUserGroupCommands"/> applied through SignalR's own groups here).
    /// </summary>
    public static ISignalRServerBuilder AddOfficialRedisBackplane<THub>(this ISignalRServerBuilder signalR)
        where THub : Hub
    {
        signalR.AddOfficialRedisBackplane();
        var services = signalR.Services;
        services.AddSingleton(sp => new RedisConnectionMonitor(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<RedisConnectionMonitor>>()));
        services.AddSingleton<IBackplaneStatus>(sp => sp.GetRequiredService<RedisConnectionMonitor>());
        services.AddSingleton<UserConnections>();
        services.AddSingleton<LocalUserGroups<THub>>();
        // No prefix of its own: the multiplexer puts its ChannelPrefix before every channel.
        services.AddSingleton(sp => new RedisUserGroupCommands(sp.GetRequiredService<IConnectionMultiplexer>(), "", TimeSpan.FromSeconds(5),
            sp.GetRequiredService<LocalUserGroups<THub>>(), sp.GetRequiredService<ILogger<RedisUserGroupCommands>>()));
        services.AddSingleton<IUserGroups>(sp => sp.GetRequiredService<RedisUserGroupCommands>());
        services.AddHostedService<OfficialBackplaneStartup>();
        return signalR;
    }
}
