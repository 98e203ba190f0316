using Feed.Core;
using Feed.Redis;
using Feed.Server.Api;
using Feed.Server.Health;
using Feed.Server.Hubs;
using Feed.Server.Metrics;
using Feed.SignalR;
using Feed.SignalR.Delivery;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Feed.Server.Delivery;

/// <summary>
/// The one place that chooses how posts, follows and presence reach live connections
/// (<see cref="DeliveryModes.From"/>), registers that implementation of the delivery port
/// (<see cref="IFeedDelivery"/>) with its lifetime manager, and logs the choice at startup:
/// <list type="bullet">
/// <item>no <c>ConnectionStrings:Redis</c>: Feed's engine in process (<see cref="AudienceDelivery{THub}"/>);</item>
/// <item>with it, <c>Feed:Redis:Backplane</c> = <c>feed</c> (default): Feed's engine on Feed's Redis backplane;</item>
/// <item><c>official</c>: SignalR's own backplane with groups (<see cref="GroupDelivery{THub}"/>), follows by Feed's user-group commands;</item>
/// <item><c>Feed:Hub:StockSignalR</c> (benchmarks): SignalR's stock manager with groups, in process.</item>
/// </list>
/// Both Redis modes share the one multiplexer and add readiness and <c>Resync()</c> after an outage.
/// <code>
/// { "ConnectionStrings": { "Redis": "redis:6379,password=...,ssl=true" },
///   "Feed": { "Redis": { "ChannelPrefix": "feed-prod:", "Backplane": "feed", "Partitions": 64 } } }
/// </code>
/// </summary>
internal static class DeliveryRegistration
{
    public const string ChannelPrefixKey = "Feed:Redis:ChannelPrefix";
    public const string PartitionsKey = "Feed:Redis:Partitions";
    public const string DeliverySection = "Feed:Delivery";

    public static ISignalRServerBuilder AddDelivery(this ISignalRServerBuilder signalR, IConfiguration configuration, DeliveryMode mode)
    {
        var services = signalR.Services;
        // Feed's managers deliver locally through the same engine, with Feed:Limits:SendBacklog and
        // the engine's own section (Feed:Delivery:Flushers); the engine's AddXxx validates them.
        services.AddOptions<FeedDeliveryOptions>()
            .Bind(configuration.GetSection(DeliverySection))
            .Configure<IOptions<FeedLimitsOptions>>((options, limits) => options.SendBacklog = limits.Value.SendBacklog);
        var redis = configuration.GetConnectionString(DeliveryModes.RedisConnectionStringName)!;
        var prefix = configuration[ChannelPrefixKey] ?? "";
        // Feed's engine or SignalR's groups: what AddAudienceDelivery or AddGroupDelivery registered.
        Type live;
        switch (mode)
        {
            case DeliveryMode.InProcess:
                signalR.AddFeedDelivery<FeedHub>();
                live = AddAudienceDelivery(services, configuration);
                break;
            case DeliveryMode.FeedRedis:
                services.AddFeedRedis(redis);
                signalR.AddRedisBackplane<FeedHub>(options =>
                {
                    options.ChannelPrefix = prefix;
                    options.Partitions = configuration.GetValue<int?>(PartitionsKey) ?? options.Partitions;
                });
                live = AddAudienceDelivery(services, configuration);
                AddRedisUpkeep(services, prefix);
                break;
            case DeliveryMode.OfficialRedis:
                // SignalR's backplane takes its prefix from the multiplexer, which then applies it to every channel.
                services.AddFeedRedis(redis, options => options.ChannelPrefix = RedisChannel.Literal(prefix));
                signalR.AddOfficialRedisBackplane<FeedHub>();
                live = AddGroupDelivery(services);
                AddRedisUpkeep(services, prefix);
                break;
            default: // DeliveryMode.Stock: SignalR's own manager in process (benchmarks only)
                services.AddSingleton<UserConnections>();
                services.AddSingleton<IUserGroups, LocalUserGroups<FeedHub>>();
                live = AddGroupDelivery(services);
                break;
        }
        // Every publish counted on its way.
        services.AddSingleton<IFeedDelivery>(sp => new PostCountingDelivery((IFeedDelivery)sp.GetRequiredService(live), sp.GetRequiredService<ServerStats>()));
        services.AddHostedService(sp => new DeliveryModeLog(Describe(mode, sp), sp.GetRequiredService<ILogger<DeliveryModeLog>>()));
        return signalR;
    }

    /// <summary>Feed's engine: posts go to follower audiences resolved from the instance's shared follower sets.</summary>
    private static Type AddAudienceDelivery(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedFanoutOptions>().Bind(configuration.GetSection(FeedFanoutOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new FollowerSets(sp.GetRequiredService<MeteredFeedStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<FeedFanoutOptions>>().Value.FollowerSetLifetime));
        services.AddSingleton<IAudienceResolver, FollowerAudiences>();
        services.AddSingleton<AudienceDelivery<FeedHub>>();
        return typeof(AudienceDelivery<FeedHub>);
    }

    /// <summary>SignalR's own lifetime managers: a group per author that followers' connections join (followees read through the timed store).</summary>
    private static Type AddGroupDelivery(IServiceCollection services)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GroupDelivery<FeedHub>>(sp, (IFeedStore)sp.GetRequiredService<MeteredFeedStore>()));
        return typeof(GroupDelivery<FeedHub>);
    }

    /// <summary>Either Redis backplane: presence in Redis, Resync after an outage, readiness from the backplane's state.</summary>
    private static void AddRedisUpkeep(IServiceCollection services, string prefix)
    {
        // Presence keys carry the same prefix, so deployments sharing a Redis keep apart.
        services.AddRedisPresence(prefix);
        services.AddHostedService<BackplaneResync>();
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane", tags: [FeedEndpoints.ReadyTag]);
    }

    private static string Describe(DeliveryMode mode, IServiceProvider services) => mode switch
    {
        DeliveryMode.InProcess => "Feed's engine in process (one instance)",
        DeliveryMode.FeedRedis => $"Feed's engine on Feed's Redis backplane ({services.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value.Partitions} partitions)",
        DeliveryMode.OfficialRedis => "SignalR's groups on SignalR's own Redis backplane (Feed:Redis:Backplane=official)",
        _ => "SignalR's stock lifetime manager and groups in process (Feed:Hub:StockSignalR, benchmarks only)",
    };
}
