using Feed.LoadTest.Metrics;

namespace Feed.LoadTest.Run;

/// <summary>Counters of one run, shared by its phases and read by the progress line.</summary>
internal sealed class RunCounters
{
    public long ConnectsAttempted;
    public long ConnectsSucceeded;
    public long ConnectsFailed;
    public long ConnectionsLost;
    public long PostsAttempted;
    public long PostsPublished;
    public long PostsFailed;
    public long FollowsMade;

    public MicrosecondHistogram ConnectMicroseconds { get; } = new();

    public ErrorCounts Errors { get; } = new();

    /// <summary>What the run is doing now, for the progress line.</summary>
    public string Phase { get; set; } = "setup";

    /// <summary>Set once the run closes its own connections, so their ending is not counted as lost.</summary>
    public bool Stopping { get; set; }

    public static long Read(ref long counter) => Interlocked.Read(ref counter);
}
