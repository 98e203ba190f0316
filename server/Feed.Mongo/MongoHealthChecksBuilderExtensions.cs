using Feed.Mongo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of the MongoDB feed store.</summary>
public static class MongoHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that reports <paramref name="failureStatus"/> while MongoDB refuses to create
    /// the feed indexes (for example the follows collection holds a duplicate pair, so the unique
    /// index cannot be built). Degraded by default: every instance shares the database, so
    /// taking them all out of a load balancer would turn failing follows into a full outage.
    /// Needs <see cref="MongoFeedStoreServiceCollectionExtensions.AddMongoFeedStore"/>.
    /// </summary>
    public static IHealthChecksBuilder AddMongoFeedIndexesCheck(this IHealthChecksBuilder builder,
        HealthStatus failureStatus = HealthStatus.Degraded, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<MongoIndexHealthCheck>("mongo-indexes", failureStatus, tags ?? []);
    }
}
