namespace Feed.Server.Metrics;

/// <summary><c>Feed:Metrics</c>: whether metrics are exported (<c>GET /metrics</c>, and OTLP when configured).</summary>
internal sealed class FeedMetricsOptions
{
    public const string Section = "Feed:Metrics";

    public bool Enabled { get; set; } = true;
}
