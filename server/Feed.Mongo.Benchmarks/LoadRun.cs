using System.Diagnostics;

namespace Feed.Mongo.Benchmarks;

/// <summary>Throughput and latency percentiles of one operation run by N concurrent callers.</summary>
internal sealed record LoadResult(long Operations, double Seconds, double P50Ms, double P99Ms)
{
    public double OperationsPerSecond => Operations / Seconds;

    public static async Task<LoadResult> MeasureAsync(Func<Task> operation, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
}
