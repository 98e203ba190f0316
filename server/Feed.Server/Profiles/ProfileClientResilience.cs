using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Feed.Server.Profiles;

/// <summary>
/// The standard resilience handler, tuned for a call whose failure costs only a placeholder:
/// <list type="bullet">
/// <item>no retry: a retry doubles the load on a service that is already struggling, and the
/// page would rather show a placeholder now than wait for a second attempt;</item>
/// <item>a concurrency limiter of <see cref="ProfileServiceOptions.MaxConcurrency"/> (the pipeline is
/// one per named client, so the bound is process-wide), with a queue so a burst waits its turn;</item>
/// <item>a per-attempt timeout of <see cref="ProfileServiceOptions.Timeout"/>, inside the circuit
/// breaker so slow calls count as failures; the total timeout also bounds time in the queue;</item>
/// <item>a circuit breaker that opens when half the calls of its window fail, so a dead service
/// costs nothing (no connection attempt, no timeout) until it tries one call again.</item>
/// </list>
/// </summary>
internal static class ProfileClientResilience
{
    public static void Configure(HttpStandardResilienceOptions resilience, ProfileServiceOptions profiles)
    {
        resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
        resilience.Retry.MaxRetryAttempts = 1;
        resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = profiles.MaxConcurrency;
        resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = profiles.MaxConcurrency * 64;
        resilience.AttemptTimeout.Timeout = profiles.Timeout;
        resilience.TotalRequestTimeout.Timeout = profiles.Timeout * 2;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.MinimumThroughput = profiles.BreakerMinimumCalls;
        resilience.CircuitBreaker.BreakDuration = profiles.BreakDuration;
        // The options validator asks for a window of at least two attempt timeouts.
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, profiles.Timeout.Ticks * 2));
    }
}
