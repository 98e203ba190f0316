using Feed.Core;
using Feed.Server.Hubs;
using Feed.Server.Metrics;
using Feed.SignalR;
using Microsoft.Extensions.Options;

namespace Feed.Server.Delivery;

/// <summary>Registers the delivery port's implementations; which one runs is chosen in <c>FeedBackplane</c>.</summary>
internal static class FeedDeliveryRegistration
{
    /// <summary>Feed's engine: posts go to follower audiences resolved from the instance's shared follower sets.</summary>
    public static IServiceCollection AddAudienceDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedFanoutOptions>().Bind(configuration.GetSection(FeedFanoutOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new FollowerSets(sp.GetRequiredService<MeteredFeedStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<FeedFanoutOptions>>().Value.FollowerSetLifetime));
        services.AddSingleton<IAudienceResolver, FollowerAudiences>();
        services.AddSingleton<IFeedDelivery, AudienceDelivery>();
        return services;
    }

    /// <summary>SignalR's own lifetime managers: a group per author that followers' connections join.</summary>
    public static IServiceCollection AddGroupDelivery(this IServiceCollection services)
    {
        // Each connection's groups: its user's connections here are listed to follow and unfollow them.
        services.AddSingleton<UserConnections>();
        services.AddSingleton<FeedMembership>();
        services.AddSingleton<IFeedDelivery, GroupDelivery>();
        return services;
    }
}
