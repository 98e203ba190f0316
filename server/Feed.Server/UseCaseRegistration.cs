using Feed.Core;
using Feed.Server.Metrics;
using Microsoft.Extensions.Options;

namespace Feed.Server;

/// <summary>
/// The domain's use cases (Feed.Core/UseCases), each called in one line by the hub, the HTTP API
/// and the demo. Their store calls are timed (<c>feed.store.duration</c>); they use home timelines
/// when <c>AddFeedTimelines</c> registered them, and deliver through the one <see cref="IFeedDelivery"/>.
/// </summary>
internal static class UseCaseRegistration
{
    public static IServiceCollection AddFeedUseCases(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<FeedLimitsOptions>>().Value;
            return new PublishRateLimiter(limits.PublishBurst, limits.PublishPerSecond);
        });
        services.AddSingleton(sp => new ReadFeedPage(Store(sp), sp.GetRequiredService<IProfileSource>(), sp.GetService<HomeTimelines>()));
        services.AddSingleton(sp => new PublishPost(Store(sp), sp.GetRequiredService<IProfileSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PublishRateLimiter>(), sp.GetRequiredService<IFeedDelivery>(), sp.GetService<HomeTimelines>()));
        services.AddSingleton(sp => new FollowUser(Store(sp), sp.GetRequiredService<IFeedDelivery>(), sp.GetService<HomeTimelines>()));
        services.AddSingleton(sp => new UnfollowUser(Store(sp), sp.GetRequiredService<IFeedDelivery>(), sp.GetService<HomeTimelines>()));
        services.AddSingleton(sp => new FindUser(Store(sp)));
        return services;
    }

    private static MeteredFeedStore Store(IServiceProvider services) => services.GetRequiredService<MeteredFeedStore>();
}
