namespace Feed.Server.Api;

/// <summary>
/// The forced collection behind <c>/api/admin/stats?gc=true</c>: two blocking, compacting full
/// collections, a stop-the-world pause that grows with the heap. Outside Development one runs at
/// most once per <see cref="MinimumInterval"/>, so the endpoint cannot be used to stall an instance.
/// </summary>
internal sealed class ForcedCollection(TimeProvider time, TimeSpan minimumInterval, Action? collect = null)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private readonly Action _collect = collect ?? CollectEverything;
    private readonly Lock _gate = new();
    private long? _lastStarted;

    /// <summary>Collects now, or, within the interval of the last one, says how long until the next may run.</summary>
    public bool TryCollect(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var since = _lastStarted is { } last ? time.GetElapsedTime(last, now) : TimeSpan.MaxValue;
            if (since < minimumInterval)
            {
                retryAfter = minimumInterval - since;
                return false;
            }
            _lastStarted = now;
        }
        _collect();
        retryAfter = TimeSpan.Zero;
        return true;
    }

    /// <summary>Twice, with finalizers run between, so what they released is counted as free.</summary>
    private static void CollectEverything()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
