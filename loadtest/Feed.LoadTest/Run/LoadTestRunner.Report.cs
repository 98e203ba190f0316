using System.Diagnostics;
using Feed.LoadTest.Report;

namespace Feed.LoadTest.Run;

// Turning the run's counters into the report.
internal sealed partial class LoadTestRunner
{
    private LoadTestReport BuildReport(DateTimeOffset started, PhaseTimes phases)
    {
        var o = _options;
        var c = _counters;
        var succeeded = RunCounters.Read(ref c.ConnectsSucceeded);
        var expected = Expected();
        var received = ReceivedUnique();
        var deliverySeconds = DeliverySeconds();
        var connect = c.ConnectMicroseconds;
        var latency = _recorder.LatencyMicroseconds;
        var testerCpu = (phases.TesterCpuAfterDrain - phases.TesterCpuAtPublish).TotalSeconds;
        using var self = Process.GetCurrentProcess();
        return new LoadTestReport(
            new ScenarioReport(o.Urls.Select(u => u.ToString()).ToList(), o.Protocol, o.Client, o.Connections, o.Ramp, o.Publishers,
                o.Rate, o.Burst, o.Warmup, o.Duration.TotalSeconds, o.UserPrefix, started, Environment.ProcessorCount),
            new ConnectionsReport(RunCounters.Read(ref c.ConnectsAttempted), succeeded, RunCounters.Read(ref c.ConnectsFailed),
                RunCounters.Read(ref c.ConnectionsLost), _publishers.Count, phases.ConnectSeconds,
                phases.ConnectSeconds > 0 ? succeeded / phases.ConnectSeconds : 0),
            new ConnectReport(Ms(connect.ValueAtPercentile(50)), Ms(connect.ValueAtPercentile(99)), Ms(connect.Max)),
            new PostsReport(RunCounters.Read(ref c.PostsAttempted), RunCounters.Read(ref c.PostsPublished), RunCounters.Read(ref c.PostsFailed)),
            new DeliveriesReport(ReadyFollowers(), expected, received, Math.Max(0, expected - received),
                _followers.Sum(f => f.Inbox.Duplicates), _followers.Sum(f => f.Inbox.Unexpected), deliverySeconds),
            deliverySeconds > 0 ? received / deliverySeconds : 0,
            new LatencyReport(Ms(latency.ValueAtPercentile(50)), Ms(latency.ValueAtPercentile(90)), Ms(latency.ValueAtPercentile(99)),
                Ms(latency.ValueAtPercentile(99.9)), Ms(latency.Max), latency.Mean / 1000),
            _recorder.BytesPerFeedUpdated,
            ServerReportOf(phases, _http.Count, succeeded, received),
            phases.Redis,
            _graph?.Report(phases.GraphSetupSeconds, RunCounters.Read(ref c.FollowsMade), phases.SettleSeconds),
            new TesterReport(self.WorkingSet64, self.TotalProcessorTime.TotalSeconds, received > 0 ? testerCpu * 1e6 / received : 0,
                PerConnection(phases.TesterConnected.WorkingSetBytes - phases.TesterBefore.WorkingSetBytes, succeeded),
                PerConnection(phases.TesterConnected.ManagedHeapBytes - phases.TesterBefore.ManagedHeapBytes, succeeded)),
            c.Errors.Snapshot());
    }

    /// <summary>From the first post sent to the last delivery received.</summary>
    private double DeliverySeconds()
    {
        var first = _posts?.FirstSentAt ?? 0;
        var last = _followers.Count == 0 ? 0 : _followers.Max(f => f.Inbox.LastReceivedAt);
        return first == 0 || last <= first ? 0 : (double)(last - first) / Stopwatch.Frequency;
    }

    private static ServerReport? ServerReportOf(PhaseTimes phases, int instances, long connections, long deliveries)
    {
        if (phases.Before is not { } before || phases.Connected is not { } connected)
        {
            return null;
        }
        var (delivering, jitMethods) = phases.PublishStart is { } start && phases.Drained is { } drained
            ? (drained.CpuSeconds - start.CpuSeconds, drained.JitCompiledMethods - start.JitCompiledMethods)
            : (0, 0);
        return new ServerReport(
            instances,
            before.Connections,
            connected.Connections,
            before.WorkingSetBytes,
            connected.WorkingSetBytes,
            before.ManagedHeapBytes,
            connected.ManagedHeapBytes,
            connections > 0 ? (double)(connected.WorkingSetBytes - before.WorkingSetBytes) / connections : 0,
            connections > 0 ? (double)(connected.ManagedHeapBytes - before.ManagedHeapBytes) / connections : 0,
            connected.CpuSeconds - before.CpuSeconds,
            delivering,
            deliveries > 0 ? delivering * 1e6 / deliveries : 0,
            phases.JitWaitSeconds,
            jitMethods);
    }

    private static double PerConnection(long bytes, long connections) => connections > 0 ? (double)bytes / connections : 0;

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
