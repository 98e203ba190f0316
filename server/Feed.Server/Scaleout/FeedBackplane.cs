using Feed.Redis;
using Feed.Server.Delivery;
using Feed.Server.Hubs;
using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Feed.Server.Scaleout;

/// <summary>
/// Chooses the hub lifetime manager: with <c>ConnectionStrings:Redis</c> set, Feed's Redis
/// backplane (<c>Feed:Redis:Backplane</c> = <c>feed</c>, the default) or SignalR's own
/// (<c>official</c>) on the same shared multiplexer, with Feed's readiness and Resync on top;
/// unset, in-process. Feed's managers deliver locally the same way (never waiting, a backlog of
/// <c>Feed:Limits:SendBacklog</c> per connection).
/// <code>
/// { "ConnectionStrings": { "Redis": "redis:6379,password=...,ssl=true" },
///   "Feed": { "Redis": { "ChannelPrefix": "feed-prod:", "Backplane": "feed" } } }
/// </code>
/// </summary>
internal static class FeedBackplane
{
    public const string ConnectionStringName = "Redis";
    public const string ChannelPrefixKey = "Feed:Redis:ChannelPrefix";
    public const string BackplaneKey = "Feed:Redis:Backplane";
    public const string PartitionsKey = "Feed:Redis:Partitions";

    public static ISignalRServerBuilder AddFeedBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var services = signalR.Services;
        // Feed's managers deliver locally through the same engine, with Feed:Limits:SendBacklog.
        services.AddOptions<FeedDeliveryOptions>().Configure<IOptions<FeedLimitsOptions>>((options, limits) =>
            options.SendBacklog = limits.Value.SendBacklog);
        var redis = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            signalR.AddFeedDelivery<FeedHub>();
            services.AddAudienceDelivery(configuration);
            return signalR;
        }

        var prefix = configuration[ChannelPrefixKey] ?? "";
        // Presence keys carry the same prefix, so deployments sharing a Redis keep apart.
        services.AddRedisPresence(prefix);
        if (ParseBackplane(configuration[BackplaneKey]))
        {
            AddOfficial(signalR, redis, prefix);
            services.AddGroupDelivery();
        }
        else
        {
            services.AddFeedRedis(redis);
            var partitions = configuration.GetValue<int?>(PartitionsKey);
            signalR.AddRedisBackplane<FeedHub>(options =>
            {
                options.ChannelPrefix = prefix;
                options.Partitions = partitions ?? options.Partitions;
            });
            services.AddSingleton<IBackplaneStatus, FeedBackplaneStatus>();
            services.AddAudienceDelivery(configuration);
        }
        services.AddHostedService<BackplaneResync>();
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane", tags: [FeedEndpoints.ReadyTag]);
        return signalR;
    }

    /// <summary>SignalR's own backplane, with Feed's user-group commands for follows across instances.</summary>
    private static void AddOfficial(ISignalRServerBuilder signalR, string redis, string prefix)
    {
        var services = signalR.Services;
        // SignalR's backplane takes its prefix from the multiplexer, which then applies it to every channel.
        services.AddFeedRedis(redis, options => options.ChannelPrefix = RedisChannel.Literal(prefix));
        signalR.AddOfficialRedisBackplane();
        services.AddSingleton(sp => new RedisConnectionMonitor(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<RedisConnectionMonitor>>()));
        services.AddSingleton<IBackplaneStatus, OfficialBackplaneStatus>();
        services.AddSingleton<LocalUserGroups>();
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<LocalUserGroups>();
            return new RedisUserGroupCommands(sp.GetRequiredService<IConnectionMultiplexer>(), "", TimeSpan.FromSeconds(5),
                (user, group, add) => add ? local.AddUserAsync(user, group, CancellationToken.None) : local.RemoveUserAsync(user, group, CancellationToken.None),
                sp.GetRequiredService<ILogger<RedisUserGroupCommands>>());
        });
        services.AddHostedService<OfficialBackplaneStartup>();
        services.AddSingleton<IUserGroups>(sp =>
        {
            var local = sp.GetRequiredService<LocalUserGroups>();
            var commands = sp.GetRequiredService<RedisUserGroupCommands>();
            return new RedisUserGroups((user, group, add, ct) => add
                ? commands.AddUserAsync(user, group, () => local.AddUserAsync(user, group, ct), ct)
                : commands.RemoveUserAsync(user, group, () => local.RemoveUserAsync(user, group, ct), ct), sp.GetRequiredService<ILogger<RedisUserGroups>>());
        });
    }

    /// <summary>True for <c>official</c>; a value that is neither stops startup naming the key.</summary>
    private static bool ParseBackplane(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "feed" => false,
        "official" => true,
        _ => throw new OptionsValidationException(BackplaneKey, typeof(string),
            [$"{BackplaneKey} must be 'feed' (Feed's backplane, the default) or 'official' (SignalR's AddStackExchangeRedis), not '{value}'."]),
    };
}
