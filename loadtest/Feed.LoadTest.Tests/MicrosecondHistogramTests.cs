using Feed.LoadTest.Metrics;

namespace Feed.LoadTest.Tests;

/// <summary>What the report relies on around HdrHistogram: zeros when empty, clamping, percentiles within 0.1%.</summary>
public sealed class MicrosecondHistogramTests
{
    [Fact]
    public void An_empty_histogram_reports_zero_not_nan()
    {
        var histogram = new MicrosecondHistogram();
        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Max);
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Percentiles_max_and_mean_of_recorded_values()
    {
        var histogram = new MicrosecondHistogram();
        for (var v = 1; v <= 1000; v++)
        {
            histogram.Record(v * 1000L);
        }
        Assert.Equal(1000, histogram.Count);
        Assert.InRange(histogram.ValueAtPercentile(50), 499_500, 500_500);
        Assert.InRange(histogram.ValueAtPercentile(99), 989_000, 991_000);
        Assert.InRange(histogram.Max, 999_000, 1_001_000);
        Assert.InRange(histogram.Mean, 500_000 * 0.999, 500_500 * 1.001);
    }

    [Fact]
    public void Values_outside_the_trackable_range_are_clamped_not_thrown()
    {
        var histogram = new MicrosecondHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);
        Assert.Equal(2, histogram.Count);
        Assert.InRange(histogram.Max, MicrosecondHistogram.HighestTrackableValue, MicrosecondHistogram.HighestTrackableValue * 1.001);
    }

    [Fact]
    public async Task Recording_from_many_threads_loses_nothing()
    {
        var histogram = new MicrosecondHistogram();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                histogram.Record(i);
            }
        })));
        Assert.Equal(80_000, histogram.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.1)]
    public void A_percentile_outside_0_to_100_is_rejected(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MicrosecondHistogram().ValueAtPercentile(percentile));
}
