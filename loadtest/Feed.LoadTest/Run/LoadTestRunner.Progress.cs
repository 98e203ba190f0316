using System.Globalization;

namespace Feed.LoadTest.Run;

// The live progress line.
internal sealed partial class LoadTestRunner
{
    private long _lastProgressReceived;

    /// <summary>
    /// e.g. <c>[  12s] publishing | conn 10000/10000, 0 failed, 0 lost | posts 12 | deliveries 120000/120000 (+10000/s) | p99 45.1 ms | errors 0</c>
    /// </summary>
    public string ProgressLine()
    {
        var c = _counters;
        var received = ReceivedUnique();
        var perSecond = received - Interlocked.Exchange(ref _lastProgressReceived, received);
        var follows = _graph is null ? "" : $"follows {RunCounters.Read(ref c.FollowsMade)}/{_graph.Graph.Memberships} | ";
        var p99 = _recorder.LatencyMicroseconds.ValueAtPercentile(99) / 1000.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{_clock.Elapsed.TotalSeconds,5:F0}s] {c.Phase,-10} | conn {RunCounters.Read(ref c.ConnectsSucceeded)}/{RunCounters.Read(ref c.ConnectsAttempted)}, " +
            $"{RunCounters.Read(ref c.ConnectsFailed)} failed, {RunCounters.Read(ref c.ConnectionsLost)} lost | {follows}posts {RunCounters.Read(ref c.PostsPublished)} | " +
            $"deliveries {received}/{Expected()} (+{perSecond}/s) | p99 {p99:F1} ms | errors {c.Errors.Total}");
    }
}
