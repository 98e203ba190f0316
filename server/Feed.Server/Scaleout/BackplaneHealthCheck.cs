using Feed.Redis;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feed.Server.Scaleout;

/// <summary>
/// Readiness: the Redis backplane has both its connections. A dropped socket is seen at once,
/// a silent one within StackExchange.Redis's keep-alive (2 s unless the connection string sets <c>keepAlive</c>).
/// </summary>
internal sealed class BackplaneHealthCheck(HubLifetimeManager<FeedHub> manager) : IHealthCheck
{
    private readonly RedisHubLifetimeManager<FeedHub> _manager = (RedisHubLifetimeManager<FeedHub>)manager;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_manager.IsBackplaneConnected
            ? HealthCheckResult.Healthy("Redis backplane connected")
            : HealthCheckResult.Unhealthy("Redis backplane unreachable: other instances miss this one's pushes"));
}
