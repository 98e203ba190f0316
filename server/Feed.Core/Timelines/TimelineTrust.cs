namespace Feed.Core;

/// <summary>
/// Whether this instance may read timelines: once a timeline write it owed may be lost (the
/// timeline store failed a fan-out enqueue or a follow's backfill, or its connection came back
/// after an outage), every timeline is invalidated before the next timeline read, so each is
/// rebuilt from the store. Until that invalidation succeeds, pages come from the store query.
/// </summary>
public sealed class TimelineTrust(IHomeTimelineStore timelines)
{
    private long _doubts;
    private long _settled;

    /// <summary>A write may have been lost: timelines are rebuilt before they are read again.</summary>
    public void Distrust() => Interlocked.Increment(ref _doubts);

    /// <summary>True when timelines may be read (invalidating them first if a write was lost).</summary>
    public async ValueTask<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        var doubts = Interlocked.Read(ref _doubts);
        if (doubts == Interlocked.Read(ref _settled))
        {
            return true;
        }
        try
        {
            await timelines.InvalidateAllAsync(cancellationToken);
        }
        catch (TimelineUnavailableException)
        {
            return false;
        }
        long settled;
        while ((settled = Interlocked.Read(ref _settled)) < doubts && Interlocked.CompareExchange(ref _settled, doubts, settled) != settled)
        {
        }
        // A doubt raised while invalidating is about a write after it began: invalidate again first.
        return Interlocked.Read(ref _doubts) == doubts;
    }
}
