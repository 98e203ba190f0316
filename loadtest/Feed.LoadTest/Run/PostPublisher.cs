using System.Diagnostics;
using Feed.LoadTest.Clients;
using Feed.LoadTest.Delivery;

namespace Feed.LoadTest.Run;

/// <summary>
/// Publishes stamped posts through <paramref name="send"/> (post sequence, text), either at a steady
/// rate (post i is due at i / rate seconds) or as one burst. Each post carries its send time.
/// </summary>
internal sealed class PostPublisher(Func<int, string, Task> send, RunCounters counters)
{
    /// <summary>The classic workload's sender: round-robin over the publishers' connections.</summary>
    public static Func<int, string, Task> OverConnections(IReadOnlyList<ILoadTestConnection> publishers) =>
        (sequence, text) => publishers[sequence % publishers.Count].PublishAsync(text);

    private readonly List<Task> _inFlight = [];
    private int _nextSequence;

    /// <summary>Stopwatch timestamp of the first post sent; 0 before.</summary>
    public long FirstSentAt { get; private set; }

    public async Task RunAtRateAsync(double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        FirstSentAt = start;
        var total = (long)Math.Max(1, Math.Floor(rate * duration.TotalSeconds));
        try
        {
            while (_nextSequence < total)
            {
                var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
                while (_nextSequence < due)
                {
                    Start();
                }
                var nextDueAt = TimeSpan.FromSeconds(_nextSequence / rate) - Stopwatch.GetElapsedTime(start);
                if (nextDueAt > TimeSpan.Zero && _nextSequence < total)
                {
                    await Task.Delay(nextDueAt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped early (Ctrl+C): what was sent is still awaited and reported.
        }
        await Task.WhenAll(_inFlight).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="count"/> unmeasured warm-up posts at once; none counts as a post of the run.</summary>
    public static async Task WarmUpAsync(Func<int, string, Task> send, int count, RunCounters counters)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            try
            {
                await send(i, PostStamp.FormatWarmup(i)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                counters.Errors.Add("warmup", e);
            }
        })).ConfigureAwait(false);
    }

    public async Task RunBurstAsync(int count)
    {
        FirstSentAt = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            Start();
        }
        await Task.WhenAll(_inFlight).ConfigureAwait(false);
    }

    private void Start()
    {
        var sequence = _nextSequence++;
        _inFlight.Add(PublishAsync(sequence));
    }

    private async Task PublishAsync(int sequence)
    {
        Interlocked.Increment(ref counters.PostsAttempted);
        try
        {
            await send(sequence, PostStamp.Format(sequence, Stopwatch.GetTimestamp())).ConfigureAwait(false);
            Interlocked.Increment(ref counters.PostsPublished);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref counters.PostsFailed);
            counters.Errors.Add("publish", e);
        }
    }
}
