using HdrHistogram;

namespace Feed.LoadTest.Metrics;

/// <summary>
/// HdrHistogram's concurrent histogram of microseconds (recording is lock-free, from any
/// thread), with what the report needs around it: values clamped into the trackable range
/// (HdrHistogram throws beyond it) and zeros, not NaN, for an empty histogram.
/// </summary>
internal sealed class MicrosecondHistogram
{
    /// <summary>One hour: anything slower is a failure whatever its exact value.</summary>
    public const long HighestTrackableValue = 3_600_000_000;

    // Three significant digits: a reported percentile is within 0.1% of the true value.
    private readonly LongConcurrentHistogram _histogram = new(1, HighestTrackableValue, 3);

    public long Count => _histogram.TotalCount;

    public long Max => Count == 0 ? 0 : _histogram.GetMaxValue();

    public double Mean => Count == 0 ? 0 : _histogram.GetMean();

    public void Record(long microseconds) => _histogram.RecordValue(Math.Clamp(microseconds, 1, HighestTrackableValue));

    /// <summary>The value at or below which <paramref name="percentile"/> percent of values lie; 0 when empty.</summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        return Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);
    }
}
