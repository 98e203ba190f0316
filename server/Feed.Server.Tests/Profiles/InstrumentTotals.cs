using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Feed.Server.Metrics;

namespace Feed.Server.Tests.Profiles;

/// <summary>Totals of the long counters of one meter instance (the one the test's container made).</summary>
internal sealed class InstrumentTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public InstrumentTotals(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this container's meter: other tests' hosts share the process and the meter name.
            if (instrument.Meter.Name == FeedMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    public long this[string instrument] => _totals.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();
}
