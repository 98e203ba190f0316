using System.Globalization;

namespace Feed.LoadTest.Report;

/// <summary>The final table a person reads at the end of a run.</summary>
internal static class ReportPrinter
{
    public static void Print(LoadTestReport report, TextWriter output)
    {
        var s = report.Scenario;
        var c = report.Connections;
        var d = report.Deliveries;
        var l = report.LatencyMs;
        Row(output, "scenario", $"{s.Connections} connections, " + (report.Graph is null ? $"{s.Publishers} publishers, " : "") +
            (s.Burst > 0 ? $"burst {s.Burst}" : $"{s.Rate}/s for {s.DurationSeconds}s") + $", {s.Protocol}, {s.Urls.Count} instance(s)");
        Row(output, "connections", $"{c.Succeeded}/{c.Attempted} ok, {c.Failed} failed, {c.Lost} lost, {c.PerSecond:F0}/s");
        Row(output, "connect ms", $"p50 {report.ConnectMs.P50:F1}  p99 {report.ConnectMs.P99:F1}  max {report.ConnectMs.Max:F1}");
        Row(output, "posts", $"{report.Posts.Published}/{report.Posts.Attempted} published, {report.Posts.Failed} failed");
        Row(output, "deliveries", $"{d.Received}/{d.Expected} received, {d.Missing} missing, {d.Duplicates} duplicates, {d.Unexpected} unexpected");
        Row(output, "deliveries/s", report.DeliveriesPerSecond.ToString("F0", CultureInfo.InvariantCulture));
        Row(output, "latency ms", $"p50 {l.P50:F1}  p90 {l.P90:F1}  p99 {l.P99:F1}  p99.9 {l.P999:F1}  max {l.Max:F1}");
        if (report.BytesPerFeedUpdated > 0)
        {
            Row(output, "FeedUpdated", $"{report.BytesPerFeedUpdated} bytes per message ({s.Protocol})");
        }
        if (report.Server is { } server)
        {
            Row(output, "server memory", $"{server.MemoryPerConnectionBytes / 1024:F1} KiB/connection " +
                $"(managed {server.ManagedHeapPerConnectionBytes / 1024:F1} KiB), working set {server.WorkingSetAfterBytes / 1048576.0:F0} MiB");
            Row(output, "server cpu", $"{server.CpuSecondsConnecting:F1} s connecting, {server.CpuSecondsDelivering:F1} s delivering " +
                $"({server.CpuMicrosecondsPerDelivery:F2} us/delivery)");
            Row(output, "server jit", $"waited {server.JitWaitSeconds:F1} s for it to go quiet, {server.JitMethodsWhileDelivering} methods compiled while delivering");
        }
        if (report.Graph is { } graph)
        {
            Row(output, "graph", $"{graph.Authors} authors, {graph.FollowsPerConnection} follows/connection (skew {graph.Skew}, seed {graph.Seed}), " +
                $"{graph.Memberships} memberships, top author {graph.TopAuthorFollowers} followers, median {graph.MedianAuthorFollowers}");
            Row(output, "graph setup", $"{graph.SetupSeconds:F1} s ({graph.FollowsPerSecond:F0} follows/s), server quiet {graph.SettleSeconds:F1} s after connecting; " +
                $"posts over {graph.PostedVia}, author pick {graph.AuthorPick}");
            foreach (var bucket in graph.Buckets.Where(b => b.Posts > 0 || b.Deliveries > 0))
            {
                Row(output, "  followers " + bucket.Followers, $"{bucket.Posts} posts, {bucket.Deliveries} deliveries, p50 {bucket.P50:F1} ms, p99 {bucket.P99:F1} ms");
            }
        }
        if (report.Redis is { } redis)
        {
            Row(output, "redis", $"{redis.Channels} pub/sub channels, {redis.ShardChannels} shard channels ({redis.Endpoint})");
        }
        Row(output, "tester", $"{report.Tester.WorkingSetBytes / 1048576.0:F0} MiB, {report.Tester.CpuSeconds:F1} s cpu " +
            $"({report.Tester.CpuMicrosecondsPerDelivery:F2} us/delivery), {report.Tester.MemoryPerConnectionBytes / 1024:F1} KiB/connection " +
            $"(managed {report.Tester.ManagedHeapPerConnectionBytes / 1024:F1} KiB), {s.Client} client");
        foreach (var (kind, error) in report.Errors)
        {
            Row(output, "error", $"{error.Count} x {kind}: {error.Sample}");
        }
        Row(output, "result", report.Correct ? "OK: every expected delivery arrived once" : "NOT OK: see the rows above");
    }

    private static void Row(TextWriter output, string name, string value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-18} {value}"));
}
