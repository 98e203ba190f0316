using System.Collections.Concurrent;

namespace Feed.Core;

/// <summary>
/// Who follows each author, for the live fan-out: loaded from the store the first time one of
/// the author's posts is delivered here (one load however many ask at once), shared by every
/// connection of the instance (nothing per connection or per follow), and kept current by
/// <see cref="Apply"/>, which every instance calls for every follow and unfollow, whichever
/// instance made it. An entry lives <see cref="Lifetime"/> after loading and is then read again,
/// which bounds both memory (only recently active authors are held) and how long a change this
/// instance missed can go unseen; <see cref="Clear"/> drops everything after such a miss.
/// </summary>
/// <remarks>
/// Ordering: a follow is written to the store before its change is broadcast. A change that
/// arrives while a load is reading the store is queued and applied to the loaded set, so the
/// set is never older than the store read plus every change heard since; a change that arrives
/// before any load is already in the store the load will read.
/// </remarks>
public sealed class FollowerSets(IFeedStore store, TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _lastSweep = time.GetTimestamp();

    /// <summary>How long a loaded follower set is used before it is read from the store again.</summary>
    public TimeSpan Lifetime { get; } = lifetime > TimeSpan.Zero ? lifetime : throw new ArgumentOutOfRangeException(nameof(lifetime));

    /// <summary>Authors whose followers this instance holds now.</summary>
    public int Count => _entries.Count;

    /// <summary>The author's followers; loads them on first use or once the held set has expired.</summary>
    /// <exception cref="StoreUnavailableException">The store could not be read (the next call tries again).</exception>
    public ValueTask<FollowerSet> GetAsync(string authorId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var entry = _entries.GetOrAdd(authorId, static (_, at) => new Entry(at), now);
            if (time.GetElapsedTime(entry.CreatedAt, now) >= Lifetime)
            {
                _entries.TryRemove(KeyValuePair.Create(authorId, entry));
                continue;
            }
            return entry.Loaded is { } loaded
                ? ValueTask.FromResult(loaded)
                : new ValueTask<FollowerSet>(entry.LoadAsync(() => store.GetFollowersAsync(authorId, CancellationToken.None)).WaitAsync(cancellationToken));
        }
    }

    /// <summary>A follow (<paramref name="follows"/> true) or unfollow happened: changes the held set, if any.</summary>
    public void Apply(string authorId, string followerId, bool follows)
    {
        if (_entries.TryGetValue(authorId, out var entry))
        {
            entry.Apply(followerId, follows);
        }
    }

    /// <summary>Forgets every held set (changes may have been missed, e.g. during a backplane outage).</summary>
    public void Clear() => _entries.Clear();

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < Lifetime || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }
        foreach (var (author, entry) in _entries)
        {
            if (time.GetElapsedTime(entry.CreatedAt, now) >= Lifetime)
            {
                _entries.TryRemove(KeyValuePair.Create(author, entry));
            }
        }
    }

    private sealed class Entry(long createdAt)
    {
        private readonly Lock _gate = new();
        private Task<FollowerSet>? _load;
        private List<(string Follower, bool Follows)>? _pending;

        public long CreatedAt { get; } = createdAt;

        public FollowerSet? Loaded { get; private set; }

        public Task<FollowerSet> LoadAsync(Func<Task<IReadOnlyList<string>>> read)
        {
            lock (_gate)
            {
                if (_load is { } running)
                {
                    return running;
                }
                // Kept only while in flight: one that completed at once has set Loaded, or failed and
                // must not be kept (its catch ran before this line could store it).
                var load = LoadCoreAsync(read);
                if (!load.IsCompleted)
                {
                    _load = load;
                }
                return load;
            }
        }

        public void Apply(string followerId, bool follows)
        {
            lock (_gate)
            {
                if (Loaded is { } set)
                {
                    set.Apply(followerId, follows);
                }
                else if (_load is not null)
                {
                    (_pending ??= []).Add((followerId, follows));
                }
                // Neither loaded nor loading: the load that comes will read a store that has it.
            }
        }

        private async Task<FollowerSet> LoadCoreAsync(Func<Task<IReadOnlyList<string>>> read)
        {
            IReadOnlyList<string> followers;
            try
            {
                followers = await read().ConfigureAwait(false);
            }
            catch
            {
                lock (_gate)
                {
                    // The next caller reads again; changes queued for this read are in the store it will read.
                    _load = null;
                    _pending = null;
                }
                throw;
            }
            var set = new FollowerSet(followers);
            lock (_gate)
            {
                foreach (var (follower, follows) in _pending ?? [])
                {
                    set.Apply(follower, follows);
                }
                _pending = null;
                Loaded = set;
            }
            return set;
        }
    }
}
