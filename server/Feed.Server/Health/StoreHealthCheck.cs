using Feed.Server.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feed.Server.Health;

/// <summary>Readiness: the store answers within a couple of seconds (timed as <c>check_health</c>, a store latency seen even when idle).</summary>
internal sealed class StoreHealthCheck(MeteredFeedStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await store.CheckHealthAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"store unreachable: {e.Message}");
        }
    }
}
