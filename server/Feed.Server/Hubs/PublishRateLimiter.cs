using System.Globalization;
using System.Threading.RateLimiting;
using Feed.Core;
using Microsoft.Extensions.Options;

namespace Feed.Server.Hubs;

/// <summary>
/// One token bucket per user for publishing, shared by the hub and the HTTP API so a user's
/// budget is the same whichever way they post.
/// </summary>
internal sealed class PublishRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly string _description;

    public PublishRateLimiter(IOptions<FeedLimitsOptions> options)
    {
        var limits = options.Value;
        _description = string.Create(CultureInfo.InvariantCulture,
            $"burst {limits.PublishBurst}, {limits.PublishPerSecond} per second");
        // Refill every 100 ms (or slower for tiny rates) so the bucket tracks the rate smoothly.
        var period = TimeSpan.FromMilliseconds(Math.Max(100, 1000 / limits.PublishPerSecond));
        var perPeriod = Math.Max(1, (int)Math.Round(limits.PublishPerSecond * period.TotalSeconds));
        _limiter = PartitionedRateLimiter.Create<string, string>(userId =>
            RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.PublishBurst,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Takes one token for the user or throws <see cref="RateLimitedException"/>.</summary>
    public void Acquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            throw new RateLimitedException(retryAfter, _description);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
