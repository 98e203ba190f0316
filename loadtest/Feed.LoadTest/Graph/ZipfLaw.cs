namespace Feed.LoadTest.Graph;

/// <summary>
/// The popularity law of a graph run: the author of rank r (0-based) has weight 1/(r+1)^skew, so
/// with skew 1 the top author gets 1/H(M) of all draws (11% of 5,000 authors) and a few authors
/// have most followers. Skew 0 is uniform.
/// </summary>
internal sealed class ZipfLaw
{
    private readonly double[] _cumulative;

    public ZipfLaw(int authors, double skew)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(authors, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(skew);
        Weights = new double[authors];
        _cumulative = new double[authors];
        var total = 0.0;
        for (var rank = 0; rank < authors; rank++)
        {
            Weights[rank] = 1 / Math.Pow(rank + 1, skew);
            total += Weights[rank];
            _cumulative[rank] = total;
        }
        Total = total;
    }

    /// <summary>Weight of each rank; not normalised.</summary>
    public double[] Weights { get; }

    /// <summary>Sum of the weights (the generalised harmonic number H(M, skew)).</summary>
    public double Total { get; }

    /// <summary>Probability that one draw picks <paramref name="rank"/>.</summary>
    public double Probability(int rank) => Weights[rank] / Total;

    /// <summary>One draw (with replacement).</summary>
    public int Draw(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble() * Total);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }

    /// <summary>
    /// <paramref name="count"/> distinct ranks, drawn without replacement in proportion to the weights
    /// (Efraimidis-Spirakis: each rank gets the key -ln(u)/weight and the smallest keys win), sorted.
    /// O(M log count), whatever the skew: no rejection loop that slows as the top ranks are taken.
    /// </summary>
    public int[] DrawDistinct(Random random, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Weights.Length);
        // A max-heap on the key (priority = -key) of the `count` smallest keys seen so far.
        var kept = new PriorityQueue<int, double>(count);
        for (var rank = 0; rank < Weights.Length; rank++)
        {
            var key = -Math.Log(1 - random.NextDouble()) / Weights[rank];
            if (kept.Count < count)
            {
                kept.Enqueue(rank, -key);
            }
            else if (count > 0 && -key > PeekPriority(kept))
            {
                kept.DequeueEnqueue(rank, -key);
            }
        }
        var ranks = new int[kept.Count];
        for (var i = 0; i < ranks.Length; i++)
        {
            ranks[i] = kept.Dequeue();
        }
        Array.Sort(ranks);
        return ranks;
    }

    private static double PeekPriority(PriorityQueue<int, double> queue) =>
        queue.TryPeek(out _, out var priority) ? priority : double.NegativeInfinity;
}
