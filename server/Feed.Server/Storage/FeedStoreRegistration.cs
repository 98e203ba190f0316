using Feed.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feed.Server.Storage;

/// <summary>Chooses the feed store from configuration.</summary>
internal static class FeedStoreRegistration
{
    /// <summary>The in-memory store (embedded default, seeded with demo data).</summary>
    public static IServiceCollection AddFeedStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IFeedStore, InMemoryFeedStore>();
        return services;
    }
}
