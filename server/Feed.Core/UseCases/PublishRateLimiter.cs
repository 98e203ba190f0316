using System.Globalization;
using System.Threading.RateLimiting;

namespace Feed.Core;

/// <summary>
/// One token bucket per user for publishing, shared by the hub and the HTTP API so a user's
/// budget is the same whichever way they post.
/// </summary>
public sealed class PublishRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly string _description;

    /// <param name="burst">Posts a user may make at once.</param>
    /// <param name="perSecond">Sustained posts per second per user.</param>
    public PublishRateLimiter(int burst, double perSecond)
    {
        _description = string.Create(CultureInfo.InvariantCulture, $"burst {burst}, {perSecond} per second");
        // Refill every 100 ms (or slower for tiny rates) so the bucket tracks the rate smoothly.
        var period = TimeSpan.FromMilliseconds(Math.Max(100, 1000 / perSecond));
        var perPeriod = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds));
        _limiter = PartitionedRateLimiter.Create<string, string>(userId =>
            RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
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
