using Feed.Core;
using Feed.Server.Metrics;
using Feed.Server.Profiles;
using Feed.Server.Delivery;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Where authors' profiles come from: the profile service when <c>Feed:Profiles:BaseUrl</c> is
/// set, else the store.
/// <code>
/// { "Feed": { "Profiles": { "BaseUrl": "http://profiles:8080/", "Timeout": "00:00:01",
///             "CacheTtl": "00:01:00", "MaxConcurrency": 16, "BreakDuration": "00:00:05" } } }
/// </code>
/// </summary>
internal static class FeedProfilesExtensions
{
    public const string HttpClientName = "profiles";

    public static IServiceCollection AddFeedProfiles(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ProfileServiceOptions.Section);
        services.AddOptions<ProfileServiceOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        // Read now, not from options: it decides what is registered.
        if (section.GetValue<Uri?>(nameof(ProfileServiceOptions.BaseUrl)) is null)
        {
            services.AddSingleton<IProfileSource>(sp => new StoreProfileSource(sp.GetRequiredService<MeteredFeedStore>()));
            return services;
        }
        services.AddHybridCache();
        AddSharedSecondLevel(services, configuration);
        services.AddOptions<MemoryCacheOptions>().Configure<TimeProvider>((cache, time) => cache.Clock = new TimeProviderClock(time));
        services.AddHttpClient(HttpClientName)
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => ProfileClientResilience.Configure(resilience, sp.GetRequiredService<IOptions<ProfileServiceOptions>>().Value));
        services.AddSingleton<IProfileSource>(sp => ActivatorUtilities.CreateInstance<HttpProfileSource>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        return services;
    }

    /// <summary>With Redis configured, HybridCache's second level is Redis on the process's one
    /// multiplexer (the backplane's), so an instance serves a profile another instance fetched.
    /// Stock mode (benchmarks) registers no multiplexer and stays in-process.</summary>
    private static void AddSharedSecondLevel(IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(DeliveryModes.RedisConnectionStringName))
            || configuration.GetValue<bool>(FeedServiceCollectionExtensions.StockSignalRKey))
        {
            return;
        }
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((cache, redis) =>
        {
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
            cache.InstanceName = configuration[DeliveryRegistration.ChannelPrefixKey];
        });
    }
}
