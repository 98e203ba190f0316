using Feed.Redis;
using Feed.SignalR;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Feed.Server.Scaleout;

/// <summary>
/// Chooses the hub lifetime manager: the Redis backplane when <c>ConnectionStrings:Redis</c> is
/// set, else in-process. Both deliver locally the same way (never waiting, a backlog of
/// <c>Feed:Limits:SendBacklog</c> per connection).
/// <code>
/// { "ConnectionStrings": { "Redis": "redis:6379,password=...,ssl=true" },
///   "Feed": { "Redis": { "ChannelPrefix": "feed-prod:" } } }
/// </code>
/// </summary>
internal static class FeedBackplane
{
    public const string ConnectionStringName = "Redis";
    public const string ChannelPrefixKey = "Feed:Redis:ChannelPrefix";

    public static ISignalRServerBuilder AddFeedBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var services = signalR.Services;
        // Both modes deliver locally through the same engine, with Feed:Limits:SendBacklog.
        services.AddOptions<FeedDeliveryOptions>().Configure<IOptions<FeedLimitsOptions>>((options, limits) =>
            options.SendBacklog = limits.Value.SendBacklog);
        var redis = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            signalR.AddFeedDelivery();
            services.AddSingleton<IUserGroups, LocalUserGroups>();
            return signalR;
        }

        services.AddFeedRedis(redis);
        signalR.AddRedisBackplane(options => options.ChannelPrefix = configuration[ChannelPrefixKey] ?? "");
        services.AddSingleton<IUserGroups, RedisUserGroups>();
        services.AddHostedService<BackplaneResync>();
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane", tags: [FeedEndpoints.ReadyTag]);
        return signalR;
    }
}
