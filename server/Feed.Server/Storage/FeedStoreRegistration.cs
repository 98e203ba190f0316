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
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IFeedStore, InMemoryFeedStore>();
            return services;
        }
        services.AddMongoFeedStore(connectionString);
        // Follows fail while MongoDB refuses the unique index: /readyz says Degraded (see README).
        services.AddHealthChecks().AddMongoFeedIndexesCheck(tags: [FeedEndpoints.ReadyTag]);
        return services;
    }
}
