using System.Diagnostics;
using System.Globalization;

namespace Feed.Benchmarks;

/// <summary>
/// Process CPU per operation of <see cref="LiveFanoutBenchmarks"/>, which BenchmarkDotNet does not
/// report on Linux. Both lifetime managers are set up in one process (10,000 connections each)
/// and measured in alternating blocks (stock, feed, feed, stock, ...), so the machine's swings
/// fall on both alike; the CPU counted is the whole process's (the sender, the flushers and the
/// pipes' readers), which on a shared 2-core box is steadier than wall time.
/// </summary>
internal static class LiveFanoutCpu
{
    public static async Task RunAsync(string protocol, string operation, int blocks, int opsPerBlock)
    {
        var managers = new Dictionary<string, LiveFanoutBenchmarks>();
        foreach (var name in new[] { "stock", "feed" })
        {
            var benchmark = new LiveFanoutBenchmarks { Followers = 10_000, Manager = name, Protocol = protocol };
            await benchmark.SetupAsync();
            managers[name] = benchmark;
            await RunBlockAsync(benchmark, operation, Math.Max(opsPerBlock, 50));
        }
        // Both managers' connections old and compacted alike: the one set up last would otherwise be
        // younger, and the collections during the runs would promote it (cost charged to whichever runs).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var blocksOf = new Dictionary<string, List<(double CpuMs, double WallMs, double AllocatedKiB)>> { ["stock"] = [], ["feed"] = [] };
        for (var block = 0; block < blocks; block++)
        {
            var order = block % 4 is 0 or 3 ? new[] { "stock", "feed" } : ["feed", "stock"];
            foreach (var name in order)
            {
                blocksOf[name].Add(await RunBlockAsync(managers[name], operation, opsPerBlock));
            }
        }
        var (feed, stock) = (blocksOf["feed"], blocksOf["stock"]);
        var (feedCpu, stockCpu) = (feed.Average(b => b.CpuMs), stock.Average(b => b.CpuMs));
        var (feedWall, stockWall) = (feed.Average(b => b.WallMs), stock.Average(b => b.WallMs));
        var (feedAllocated, stockAllocated) = (feed.Average(b => b.AllocatedKiB), stock.Average(b => b.AllocatedKiB));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{protocol} {operation}, {blocks} blocks of {opsPerBlock}: cpu ms/op feed {feedCpu:F2} stock {stockCpu:F2} " +
            $"(feed/stock {feedCpu / stockCpu:F3}, median of block ratios {Median(feed.Zip(stock, (f, s) => f.CpuMs / s.CpuMs)):F3}); " +
            $"wall ms/op feed {feedWall:F2} stock {stockWall:F2} ({feedWall / stockWall:F3}); " +
            $"allocated KiB/op feed {feedAllocated:F0} stock {stockAllocated:F0}"));
        foreach (var benchmark in managers.Values)
        {
            benchmark.Cleanup();
        }
    }

    private static async Task<(double CpuMs, double WallMs, double AllocatedKiB)> RunBlockAsync(LiveFanoutBenchmarks benchmark, string operation, int count)
    {
        Func<Task> run = operation == "burst" ? benchmark.Burst : benchmark.OnePost;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await run();
        }
        clock.Stop();
        process.Refresh();
        return ((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count, clock.Elapsed.TotalMilliseconds / count,
            (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
