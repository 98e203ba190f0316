namespace Feed.Mongo.Benchmarks;

/// <summary>Bytes allocated (all threads) per call of an operation run sequentially, after a warm-up.</summary>
internal static class Allocations
{
    public static async Task<double> PerCallAsync(Func<Task> operation, int calls)
    {
        for (var i = 0; i < 50; i++)
        {
            await operation();
        }
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            await operation();
        }
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
    }
}
