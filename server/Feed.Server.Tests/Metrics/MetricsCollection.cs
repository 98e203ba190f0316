namespace Feed.Server.Tests.Metrics;

/// <summary>
/// Tests that read exported metrics run alone. OpenTelemetry's listener is process-wide and
/// merges same-named instruments of every host in the test process into one series, so a host
/// that stops while another is scraped takes the shared series with it (found as /metrics
/// missing feed_connections and kestrel_* while other test classes' servers came and went).
/// A production process has one host, so only tests need this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
