using Feed.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feed.Server.Storage;

/// <summary>
/// Chooses the feed store from configuration: MongoDB when <c>ConnectionStrings:Mongo</c> is
/// set, otherwise the in-memory store (the embedded default, seeded with demo data).
/// <code>
/// { "ConnectionStrings": { "Mongo": "mongodb://mongo:27017/feed" } }
/// </code>
/// </summary>
internal static class FeedStoreRegistration
{
    public const string ConnectionStringName = "Mongo";

    public static IServiceCollection AddFeedStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsInMemory(configuration))
        {
            // As itself too: the demo seeds it with profiles, which only this store takes directly.
            services.TryAddSingleton<InMemoryFeedStore>();
            services.TryAddSingleton<IFeedStore>(sp => sp.GetRequiredService<InMemoryFeedStore>());
            return services;
        }
        services.AddMongoFeedStore(configuration.GetConnectionString(ConnectionStringName)!);
        // Follows fail while MongoDB refuses the unique index: /readyz says Degraded (see README).
        services.AddHealthChecks().AddMongoFeedIndexesCheck(tags: [FeedEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>No <c>ConnectionStrings:Mongo</c>: the in-memory store (the embedded default).</summary>
    public static bool IsInMemory(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));
}
