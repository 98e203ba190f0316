using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Feed.Core;

/// <summary>
/// Home timelines in process memory (in-process mode): a sorted set of positions per user under a
/// lock each. A timeline not read for <see cref="TimelineOptions.InactivityTtl"/> is dropped.
/// </summary>
public sealed class InMemoryHomeTimelineStore(TimelineOptions options, TimeProvider time) : IHomeTimelineStore
{
    private static readonly FeedCursor Top = new(long.MaxValue, "\uffff");
    private readonly ConcurrentDictionary<string, Timeline> _timelines = new(StringComparer.Ordinal);
    // Every page reads the celebrities and an author is marked rarely: pages share one immutable set.
    private readonly Lock _celebrityGate = new();
    private Task<IReadOnlyCollection<string>> _celebrities = Task.FromResult<IReadOnlyCollection<string>>(FrozenSet<string>.Empty);
    private long _lastSweep = time.GetTimestamp();

    /// <summary>Timelines held now (expired ones are dropped as they are met and by a sweep once per TTL).</summary>
    public int Count => _timelines.Count;

    public Task<TimelineRead> ReadAsync(string userId, PostRange range, int count, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        if (!TryGet(userId, now, out var timeline))
        {
            return Task.FromResult(TimelineRead.Missing);
        }
        lock (timeline)
        {
            timeline.LastRead = now;
            if (timeline.Token is not null)
            {
                return Task.FromResult(new TimelineRead(TimelineState.Building, timeline.Floor, []));
            }
            return Task.FromResult(new TimelineRead(TimelineState.Ready, timeline.Floor, Slice(timeline, range, count)));
        }
    }

    public Task<string> BeginRebuildAsync(string userId, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        _timelines[userId] = new Timeline { Token = token, LastRead = time.GetTimestamp() };
        return Task.FromResult(token);
    }

    public Task<bool> FinishRebuildAsync(string userId, string token, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken)
    {
        if (!TryGet(userId, time.GetTimestamp(), out var timeline))
        {
            return Task.FromResult(false);
        }
        lock (timeline)
        {
            if (timeline.Token != token)
            {
                return Task.FromResult(false);
            }
            Add(timeline, entries, floor);
            timeline.Token = null;
            return Task.FromResult(true);
        }
    }

    public Task AddAsync(IReadOnlyCollection<string> userIds, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        foreach (var userId in userIds)
        {
            if (TryGet(userId, now, out var timeline))
            {
                lock (timeline)
                {
                    Add(timeline, entries, floor);
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string userId, IReadOnlyList<FeedCursor> entries, CancellationToken cancellationToken)
    {
        if (TryGet(userId, time.GetTimestamp(), out var timeline))
        {
            lock (timeline)
            {
                foreach (var entry in entries)
                {
                    timeline.Entries.Remove(entry);
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> GetCelebritiesAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _celebrities);

    public Task AddCelebrityAsync(string authorId, CancellationToken cancellationToken)
    {
        lock (_celebrityGate)
        {
            var marked = _celebrities.Result;
            if (!marked.Contains(authorId))
            {
                Volatile.Write(ref _celebrities, Task.FromResult<IReadOnlyCollection<string>>(marked.Append(authorId).ToFrozenSet(StringComparer.Ordinal)));
            }
        }
        return Task.CompletedTask;
    }

    public Task InvalidateAllAsync(CancellationToken cancellationToken)
    {
        _timelines.Clear();
        return Task.CompletedTask;
    }

    private void Add(Timeline timeline, IReadOnlyList<FeedCursor> entries, long floor)
    {
        var before = timeline.Floor;
        timeline.Floor = Math.Max(timeline.Floor, floor);
        foreach (var entry in entries)
        {
            if (entry.CreatedAt > timeline.Floor)
            {
                timeline.Entries.Add(entry);
            }
        }
        while (timeline.Entries.Count > options.Capacity)
        {
            var oldest = timeline.Entries.Min;
            timeline.Entries.Remove(oldest);
            timeline.Floor = Math.Max(timeline.Floor, oldest.CreatedAt);
        }
        if (timeline.Floor != before)
        {
            // Entries at or below the floor's millisecond are no longer known complete: reads stop above it.
            timeline.Entries.RemoveWhere(e => e.CreatedAt <= timeline.Floor);
        }
    }

    private static List<FeedCursor> Slice(Timeline timeline, PostRange range, int count)
    {
        var low = new FeedCursor(timeline.Floor + 1, "");
        IEnumerable<FeedCursor> view;
        if (range.After is { } after)
        {
            var from = new FeedCursor(Math.Max(after.CreatedAt, low.CreatedAt), "");
            view = timeline.Entries.GetViewBetween(from, Top);
        }
        else
        {
            var high = range.Before is { } before ? new FeedCursor(before.CreatedAt, "\uffff") : Top;
            view = high.CompareTo(low) < 0 ? [] : timeline.Entries.GetViewBetween(low, high).Reverse();
        }
        return [.. view.Take(count)];
    }

    private bool TryGet(string userId, long now, out Timeline timeline)
    {
        if (!_timelines.TryGetValue(userId, out timeline!))
        {
            return false;
        }
        if (time.GetElapsedTime(Volatile.Read(ref timeline.LastRead), now) < options.InactivityTtl)
        {
            return true;
        }
        _timelines.TryRemove(KeyValuePair.Create(userId, timeline));
        return false;
    }

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < options.InactivityTtl || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }
        foreach (var userId in _timelines.Keys)
        {
            TryGet(userId, now, out _);
        }
    }

    private sealed class Timeline
    {
        public readonly SortedSet<FeedCursor> Entries = [];
        public long Floor = TimelineFloor.Complete;
        public long LastRead;
        public string? Token;
    }
}
