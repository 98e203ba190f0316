using Feed.Core;
using Feed.Redis.Timelines;
using Feed.Server.Metrics;
using Feed.Server.Delivery;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Feed.Server.Timelines;

/// <summary>
/// Home timelines (<c>Feed:Timelines</c>, docs/fan-out.md): in Redis when <c>ConnectionStrings:Redis</c>
/// is set (either backplane; keys under <c>Feed:Redis:ChannelPrefix</c>), in process memory
/// otherwise, with the fan-out worker running on every instance. <c>Enabled=false</c> leaves pages
/// to the store query alone.
/// <code>
/// { "Feed": { "Timelines": { "Enabled": true, "Capacity": 800, "CelebrityFollowers": 10000, "InactivityTtl": "7.00:00:00" } } }
/// </code>
/// </summary>
internal static class TimelineRegistration
{
    public const string EnabledKey = TimelineOptions.Section + ":Enabled";

    public static IServiceCollection AddFeedTimelines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TimelineOptions>().Bind(configuration.GetSection(TimelineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (!(configuration.GetValue<bool?>(EnabledKey) ?? true))
        {
            return services;
        }
        var redis = configuration.GetConnectionString(DeliveryModes.RedisConnectionStringName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IHomeTimelineStore>(sp => new InMemoryHomeTimelineStore(Options(sp), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IFanoutQueue, InMemoryFanoutQueue>();
            services.AddSingleton<TimelineTrust>();
        }
        else
        {
            // The backplane registered the shared multiplexer already; stock mode has none yet.
            services.AddFeedRedis(redis);
            var prefix = configuration[DeliveryRegistration.ChannelPrefixKey] ?? "";
            services.AddSingleton<IHomeTimelineStore>(sp => new RedisHomeTimelineStore(sp.GetRequiredService<IConnectionMultiplexer>(), prefix, Options(sp)));
            services.AddSingleton<IFanoutQueue>(sp => new RedisFanoutQueue(sp.GetRequiredService<IConnectionMultiplexer>(), prefix, Options(sp), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp =>
            {
                var trust = new TimelineTrust(sp.GetRequiredService<IHomeTimelineStore>());
                // Writes may have failed while Redis was away (or it restarted with old data): rebuild before reading.
                sp.GetRequiredService<IConnectionMultiplexer>().ConnectionRestored += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Interactive)
                    {
                        trust.Distrust();
                    }
                };
                return trust;
            });
        }
        services.AddSingleton<TimelineMetrics>();
        services.AddSingleton(sp => new HomeTimelines(sp.GetRequiredService<MeteredFeedStore>(), sp.GetRequiredService<IHomeTimelineStore>(),
            sp.GetRequiredService<IFanoutQueue>(), Options(sp), sp.GetRequiredService<TimelineTrust>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HomeTimelines>>(), sp.GetRequiredService<TimelineMetrics>()));
        services.AddHostedService<FanoutWorker>();
        return services;
    }

    private static TimelineOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TimelineOptions>>().Value;
}
