using System.Threading.RateLimiting;

namespace Feed.Server.Admission;

/// <summary>
/// <c>Feed:Limits:ConnectsPerSecond</c>: at most N connections admitted in any one second. Each
/// admission holds a permit of a <see cref="ConcurrencyLimiter"/> for one second of the
/// <see cref="TimeProvider"/>. Not a TokenBucketRateLimiter: .NET 10's token-bucket and window
/// limiters measure elapsed time with the Stopwatch even when replenished by hand
/// (<c>TryReplenish</c> adds nothing until a real period has passed), so they cannot follow a
/// test's clock.
/// </summary>
internal sealed class ConnectRateLimit : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly int _perWindow;
    private readonly TimeProvider _time;
    private readonly ConcurrencyLimiter _permits;
    private readonly Queue<Held> _held = new();
    private readonly ITimer _release;
    private long _promised;

    public ConnectRateLimit(int perSecond, TimeProvider time)
    {
        _perWindow = perSecond;
        _time = time;
        _permits = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = perSecond, QueueLimit = 0 });
        _release = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Takes one of this second's admissions, or says how long to wait for a turn.</summary>
    public bool TryAcquire(out TimeSpan retryAfter)
    {
        lock (_held)
        {
            var now = _time.GetUtcNow();
            var permit = _permits.AttemptAcquire();
            if (permit.IsAcquired)
            {
                _held.Enqueue(new Held(permit, now + Window));
                if (_held.Count == 1)
                {
                    _release.Change(Window, Timeout.InfiniteTimeSpan);
                }
                retryAfter = TimeSpan.Zero;
                return true;
            }
            permit.Dispose();
            // Refused clients are promised the coming seconds in turn (the n-th waits n / N seconds
            // more), so they come back at the rate admitted instead of all at the next release.
            var turn = _promised++ / _perWindow;
            retryAfter = _held.Peek().ReleaseAt - now + (Window * turn);
            return false;
        }
    }

    public void Dispose()
    {
        _release.Dispose();
        _permits.Dispose();
    }

    private void Release()
    {
        lock (_held)
        {
            var now = _time.GetUtcNow();
            while (_held.TryPeek(out var oldest) && oldest.ReleaseAt <= now)
            {
                _held.Dequeue().Permit.Dispose();
                // The permit is the turn of one refused client.
                _promised = Math.Max(0, _promised - 1);
            }
            if (_held.TryPeek(out var next))
            {
                _release.Change(next.ReleaseAt - now, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private readonly record struct Held(RateLimitLease Permit, DateTimeOffset ReleaseAt);
}
