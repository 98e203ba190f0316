using System.Collections.Concurrent;
using System.Net.Http;

namespace Feed.LoadTest.Metrics;

/// <summary>
/// Errors by kind (<c>phase: ExceptionType [status]</c>), each with a count and the first
/// message seen, so a run with 10,000 identical failures prints one line, not 10,000.
/// </summary>
internal sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public long Total => _entries.Values.Sum(e => Volatile.Read(ref e.Count));

    public void Add(string phase, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var root = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        Add($"{phase}: {KindOf(root)}", root.Message);
    }

    public void Add(string kind, string sample)
    {
        var entry = _entries.GetOrAdd(kind, static (_, s) => new Entry(s), sample);
        Interlocked.Increment(ref entry.Count);
    }

    public IReadOnlyDictionary<string, ErrorKind> Snapshot() =>
        _entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => new ErrorKind(Volatile.Read(ref e.Value.Count), e.Value.Sample), StringComparer.Ordinal);

    private static string KindOf(Exception error) => error switch
    {
        HttpRequestException { StatusCode: { } status } => $"{nameof(HttpRequestException)} HTTP {(int)status}",
        _ => error.GetType().Name,
    };

    private sealed class Entry(string sample)
    {
        public long Count;

        public string Sample { get; } = sample;
    }
}

/// <summary>One kind of error in the report.</summary>
internal sealed record ErrorKind(long Count, string Sample);
