using Feed.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feed.Server.Health;

/// <summary>
/// Readiness: the backplane has every Redis connection. A dropped socket is seen at once, a
/// silent one within StackExchange.Redis's keep-alive (2 s unless the connection string sets <c>keepAlive</c>).
/// </summary>
internal sealed class BackplaneHealthCheck(IBackplaneStatus backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(backplane.IsConnected
            ? HealthCheckResult.Healthy("Redis backplane connected")
            : HealthCheckResult.Unhealthy("Redis backplane unreachable: other instances miss this one's pushes"));
}
