namespace Feed.LoadTest.Metrics;

/// <summary>
/// A log-linear histogram of non-negative values (microseconds here) in fixed memory: values
/// below 128 are counted exactly; above, each power of two is split into 128 linear buckets,
/// so a reported percentile is at most 1/128 (0.8%) above the true value. Recording is
/// lock-free (one interlocked increment) and safe from any number of threads.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits; // 128
    private const int MaxExponent = 40;                // values up to 2^41 us (~25 days)

    private readonly long[] _counts = new long[SubBuckets + (MaxExponent - SubBucketBits + 1) * SubBuckets];
    private long _sum;
    private long _max;

    /// <summary>The largest value recordable exactly; larger values count as this.</summary>
    public static long HighestTrackableValue => (2L << MaxExponent) - 1;

    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }
            return total;
        }
    }

    public long Max => Volatile.Read(ref _max);

    public double Mean => Count == 0 ? 0 : (double)Volatile.Read(ref _sum) / Count;

    public void Record(long value)
    {
        value = Math.Clamp(value, 0, HighestTrackableValue);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Add(ref _sum, value);
        var max = Volatile.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of the recorded values
    /// lie (the highest value of its bucket, never above the recorded maximum); 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var snapshot = Snapshot(out var total);
        if (total == 0)
        {
            return 0;
        }
        var target = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var i = 0; i < snapshot.Length; i++)
        {
            seen += snapshot[i];
            if (seen >= target)
            {
                return Math.Min(HighestInBucket(i), Max);
            }
        }
        return Max;
    }

    /// <summary>Adds another histogram's counts to this one (e.g. from another process or phase).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Add(ref _counts[i], Volatile.Read(ref other._counts[i]));
        }
        Interlocked.Add(ref _sum, Volatile.Read(ref other._sum));
        var otherMax = other.Max;
        var max = Volatile.Read(ref _max);
        while (otherMax > max && Interlocked.CompareExchange(ref _max, otherMax, max) != max)
        {
            max = Volatile.Read(ref _max);
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }
        var exponent = 63 - (int)long.LeadingZeroCount(value);          // >= SubBucketBits
        var mantissa = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return SubBuckets + (exponent - SubBucketBits) * SubBuckets + mantissa;
    }

    internal static long LowestInBucket(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }
        var shift = (index - SubBuckets) / SubBuckets;
        var mantissa = (index - SubBuckets) % SubBuckets;
        return (long)(SubBuckets + mantissa) << shift;
    }

    internal static long HighestInBucket(int index) =>
        index < SubBuckets ? index : LowestInBucket(index) + (1L << ((index - SubBuckets) / SubBuckets)) - 1;

    private long[] Snapshot(out long total)
    {
        var snapshot = new long[_counts.Length];
        total = 0;
        for (var i = 0; i < snapshot.Length; i++)
        {
            snapshot[i] = Volatile.Read(ref _counts[i]);
            total += snapshot[i];
        }
        return snapshot;
    }
}
