using Feed.LoadTest.Metrics;

namespace Feed.LoadTest.Report;

/// <summary>The full result of a run, written as JSON by <c>--out</c> (camelCase).</summary>
internal sealed record LoadTestReport(
    ScenarioReport Scenario,
    ConnectionsReport Connections,
    ConnectReport ConnectMs,
    PostsReport Posts,
    DeliveriesReport Deliveries,
    double DeliveriesPerSecond,
    LatencyReport LatencyMs,
    int BytesPerFeedUpdated,
    ServerReport? Server,
    RedisReport? Redis,
    GraphReport? Graph,
    TesterReport Tester,
    IReadOnlyDictionary<string, ErrorKind> Errors)
{
    /// <summary>Every connect succeeded, none dropped, every post published and delivered exactly once.</summary>
    public bool Correct =>
        Connections.Failed == 0 && Connections.Lost == 0 && Posts.Failed == 0
        && Deliveries.Missing == 0 && Deliveries.Duplicates == 0 && Deliveries.Unexpected == 0;
}

internal sealed record ScenarioReport(
    IReadOnlyList<string> Urls, string Protocol, string Client, int Connections, double Ramp, int Publishers, double Rate,
    int Burst, int Warmup, double DurationSeconds, string UserPrefix, DateTimeOffset StartedAt, int ProcessorCount);

/// <summary>Follower connections only; <see cref="Publishers"/> connected besides them.</summary>
internal sealed record ConnectionsReport(
    long Attempted, long Succeeded, long Failed, long Lost, int Publishers, double SecondsToConnect, double PerSecond);

internal sealed record ConnectReport(double P50, double P99, double Max);

internal sealed record PostsReport(long Attempted, long Published, long Failed);

/// <summary><see cref="Received"/> counts distinct (post, connection) pairs; <see cref="Duplicates"/> the repeats.</summary>
internal sealed record DeliveriesReport(
    long Followers, long Expected, long Received, long Missing, long Duplicates, long Unexpected, double Seconds);

internal sealed record LatencyReport(double P50, double P90, double P99, double P999, double Max, double Mean);

/// <summary>
/// Summed over every instance. Memory per connection = (working set after connecting - before) /
/// connections, both read after a forced full GC on the server. <c>JitWaitSeconds</c>: how long the
/// warm-up waited for the server's tiered JIT to go quiet; <c>JitMethodsWhileDelivering</c>: methods it
/// still compiled while measuring (a few from the stats reads; hundreds mean the run measured the JIT).
/// </summary>
internal sealed record ServerReport(
    int Instances,
    long ConnectionsBefore,
    long ConnectionsAfter,
    long WorkingSetBeforeBytes,
    long WorkingSetAfterBytes,
    long ManagedHeapBeforeBytes,
    long ManagedHeapAfterBytes,
    double MemoryPerConnectionBytes,
    double ManagedHeapPerConnectionBytes,
    double CpuSecondsConnecting,
    double CpuSecondsDelivering,
    double CpuMicrosecondsPerDelivery,
    double JitWaitSeconds,
    long JitMethodsWhileDelivering);

/// <summary>
/// The tester process. Memory per connection = (working set after connecting - before) /
/// connections, both read after a full GC in the tester, so the two clients can be compared.
/// </summary>
internal sealed record TesterReport(
    long WorkingSetBytes, double CpuSeconds, double CpuMicrosecondsPerDelivery,
    double MemoryPerConnectionBytes, double ManagedHeapPerConnectionBytes);

/// <summary>The server's Redis after connecting (<c>--redis</c>): pub/sub channels and shard channels over its masters.</summary>
internal sealed record RedisReport(string Endpoint, long Channels, long ShardChannels);

/// <summary>
/// The graph workload (<c>--authors</c>): its shape, how long the follows took to set up, how long
/// the server took to go quiet after the last connect (its memory is read then), and the
/// deliveries split by the posting author's follower count.
/// </summary>
internal sealed record GraphReport(
    int Authors, int FollowsPerConnection, double Skew, long Memberships, int TopAuthorFollowers, double MedianAuthorFollowers,
    int Seed, string AuthorPick, string PostedVia, double SetupSeconds, double FollowsPerSecond, double SettleSeconds,
    IReadOnlyList<FollowerBucketReport> Buckets);

/// <summary>Posts by authors whose follower count is in <see cref="Followers"/> (e.g. <c>100-999</c>), and their deliveries.</summary>
internal sealed record FollowerBucketReport(string Followers, int Authors, long Posts, long Deliveries, double P50, double P99);
