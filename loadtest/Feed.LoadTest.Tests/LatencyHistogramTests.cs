using Feed.LoadTest.Metrics;

namespace Feed.LoadTest.Tests;

public sealed class LatencyHistogramTests
{
    /// <summary>Worst-case relative error of a reported percentile: one bucket width, 1/128.</summary>
    private const double Precision = 1.0 / 128;

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(50));
        Assert.Equal(0, histogram.ValueAtPercentile(100));
        Assert.Equal(0, histogram.Max);
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Small_values_are_counted_exactly()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }
        Assert.Equal(100, histogram.Count);
        Assert.Equal(1, histogram.ValueAtPercentile(0));
        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(90, histogram.ValueAtPercentile(90));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(100));
        Assert.Equal(50.5, histogram.Mean);
    }

    [Theory]
    [InlineData(50, 500_000)]
    [InlineData(90, 900_000)]
    [InlineData(99, 990_000)]
    [InlineData(99.9, 999_000)]
    [InlineData(100, 1_000_000)]
    public void A_uniform_distribution_gives_its_percentiles_within_one_bucket(double percentile, long exact)
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 1_000_000; v++)
        {
            histogram.Record(v);
        }
        AssertWithinOneBucket(exact, histogram.ValueAtPercentile(percentile));
        Assert.Equal(1_000_000, histogram.Max);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(90)]
    [InlineData(99)]
    [InlineData(99.9)]
    public void An_exponential_distribution_matches_the_sorted_samples(double percentile)
    {
        var random = new Random(42);
        var samples = Enumerable.Range(0, 200_000)
            .Select(_ => (long)(-Math.Log(1 - random.NextDouble()) * 20_000)) // mean 20 ms in microseconds
            .ToArray();
        var histogram = new LatencyHistogram();
        foreach (var sample in samples)
        {
            histogram.Record(sample);
        }
        Array.Sort(samples);
        var exact = samples[(int)Math.Ceiling(percentile / 100 * samples.Length) - 1];
        AssertWithinOneBucket(exact, histogram.ValueAtPercentile(percentile));
        Assert.Equal(samples[^1], histogram.Max);
        Assert.Equal(samples.Average(), histogram.Mean, precision: 6);
    }

    [Fact]
    public void A_constant_value_is_every_percentile()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 1000; i++)
        {
            histogram.Record(123_456);
        }
        Assert.Equal(123_456, histogram.ValueAtPercentile(1));
        Assert.Equal(123_456, histogram.ValueAtPercentile(99.9));
    }

    [Fact]
    public void Out_of_range_values_are_clamped()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(long.MaxValue);
        Assert.Equal(0, histogram.ValueAtPercentile(50));
        Assert.Equal(LatencyHistogram.HighestTrackableValue, histogram.Max);
        Assert.Equal(LatencyHistogram.HighestTrackableValue, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void Buckets_tile_the_range_without_gaps()
    {
        var index = LatencyHistogram.IndexOf(LatencyHistogram.HighestTrackableValue);
        for (var i = 0; i < index; i++)
        {
            Assert.Equal(i, LatencyHistogram.IndexOf(LatencyHistogram.LowestInBucket(i)));
            Assert.Equal(i, LatencyHistogram.IndexOf(LatencyHistogram.HighestInBucket(i)));
            Assert.Equal(LatencyHistogram.HighestInBucket(i) + 1, LatencyHistogram.LowestInBucket(i + 1));
        }
        Assert.Equal(LatencyHistogram.HighestTrackableValue, LatencyHistogram.HighestInBucket(index));
    }

    [Fact]
    public async Task Concurrent_recording_loses_no_count()
    {
        var histogram = new LatencyHistogram();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                histogram.Record(i % 5000);
            }
        })));
        Assert.Equal(400_000, histogram.Count);
        Assert.Equal(4999, histogram.Max);
        Assert.Equal(2499.5, histogram.Mean, precision: 6);
    }

    [Fact]
    public void Adding_merges_counts_and_maximum()
    {
        var low = new LatencyHistogram();
        var high = new LatencyHistogram();
        for (var v = 1; v <= 50; v++)
        {
            low.Record(v);
            high.Record(v + 50);
        }
        low.Add(high);
        Assert.Equal(100, low.Count);
        Assert.Equal(50, low.ValueAtPercentile(50));
        Assert.Equal(100, low.Max);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    public void Percentiles_outside_0_to_100_are_rejected(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().ValueAtPercentile(percentile));

    private static void AssertWithinOneBucket(long exact, long reported)
    {
        Assert.InRange(reported, exact, (long)Math.Ceiling(exact * (1 + Precision)));
    }
}
