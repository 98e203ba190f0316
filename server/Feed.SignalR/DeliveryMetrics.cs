using System.Diagnostics.Metrics;

namespace Feed.SignalR;

/// <summary>
/// The delivery engine's instruments, on Feed's meter (<c>Feed</c>, scraped as <c>feed_*</c>):
/// messages handed to connections and slow readers dropped. Counted where the engine hands
/// messages over, so the in-process manager and the Redis backplane report the same way.
/// No tags: connection and user ids would each be a time series.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Feed";

    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _slowReaderDisconnects;

    public DeliveryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _deliveries = meter.CreateCounter<long>("feed.deliveries", "{message}", "Messages handed to hub connections of this instance");
        _slowReaderDisconnects = meter.CreateCounter<long>("feed.slow_reader.disconnects", "{connection}", "Connections dropped because they stopped reading");
    }

    /// <summary>Records 0 on each series, so an exporter shows them before the first delivery.</summary>
    public void StartAtZero()
    {
        _deliveries.Add(0);
        _slowReaderDisconnects.Add(0);
    }

    internal void Delivered(int connections)
    {
        if (connections > 0)
        {
            _deliveries.Add(connections);
        }
    }

    internal void SlowReaderDropped() => _slowReaderDisconnects.Add(1);
}
