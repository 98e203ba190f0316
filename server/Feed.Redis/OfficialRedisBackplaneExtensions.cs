using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
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
}
