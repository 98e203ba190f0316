using System.Diagnostics.Metrics;

namespace Feed.Core;

/// <summary>
/// Home timelines' instruments, on Feed's meter (<c>Feed</c>, scraped as <c>feed_*</c>): timeline
/// entries written by fan-out jobs (its rate is the fan-out throughput), timelines rebuilt from the
/// store, and feed pages by where they came from. No user ids in tags.
/// </summary>
public sealed class TimelineMetrics
{
    public const string MeterName = "Feed";
    private static readonly KeyValuePair<string, object?> FromTimeline = new("source", "timeline");
    private static readonly KeyValuePair<string, object?> FromStore = new("source", "store");

    private readonly Counter<long> _entries;
    private readonly Counter<long> _rebuilds;
    private readonly Counter<long> _pages;

    public TimelineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _entries = meter.CreateCounter<long>("feed.timeline.fanout.entries", "{entry}", "Home timeline entries written by this instance's fan-out jobs");
        _rebuilds = meter.CreateCounter<long>("feed.timeline.rebuilds", "{timeline}", "Home timelines rebuilt from the store by this instance");
        _pages = meter.CreateCounter<long>("feed.timeline.pages", "{page}", "Feed pages with timelines on, by source (timeline, store)");
    }

    /// <summary>Records 0 on each series, so an exporter shows them before first use.</summary>
    public void StartAtZero()
    {
        _entries.Add(0);
        _rebuilds.Add(0);
        _pages.Add(0, FromTimeline);
        _pages.Add(0, FromStore);
    }

    internal void EntriesWritten(int entries) => _entries.Add(entries);

    internal void Rebuilt() => _rebuilds.Add(1);

    internal void Page(bool fromTimeline) => _pages.Add(1, fromTimeline ? FromTimeline : FromStore);
}
