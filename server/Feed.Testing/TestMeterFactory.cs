using System.Diagnostics.Metrics;

namespace Feed.Testing;

/// <summary>
/// Meters for types constructed without a host. Dispose it when the test ends: OpenTelemetry in
/// any test host of the same process listens to every meter of a name it exports (say "Feed"),
/// so a meter left alive shows up in another test's /metrics scrape.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }
        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
        }
    }
}
