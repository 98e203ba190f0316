using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feed.Mongo;

/// <summary>
/// Reports the registration's failure status (Degraded unless changed) while MongoDB refuses to
/// create the feed indexes: reads, posts and live delivery work, follows fail until someone fixes
/// the cause (the log says which, event 4007). Reachability is the store's own check.
/// </summary>
internal sealed class MongoIndexHealthCheck(MongoFeedStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.IndexRefusal is { } refusal
            ? new HealthCheckResult(context.Registration.FailureStatus,
                $"MongoDB refused to create the feed indexes, so follows fail: {MongoStoreErrors.Unavailable("creating the indexes", refusal).Message}")
            : HealthCheckResult.Healthy("MongoDB indexes in place or not refused"));
}
