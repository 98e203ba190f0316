using System.Collections.Concurrent;

namespace Feed.Redis.Internal.Local;

/// <summary>Named sets of local connections (groups, users), safe for concurrent use.</summary>
internal sealed class MemberIndex
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LocalConnection>> _sets = new(StringComparer.Ordinal);

    public void Add(string key, LocalConnection connection)
    {
        while (true)
        {
            var set = _sets.GetOrAdd(key, static _ => new(StringComparer.Ordinal));
            lock (set)
            {
                // A set emptied and removed concurrently is stale: retry with the live one.
                if (_sets.TryGetValue(key, out var live) && ReferenceEquals(live, set))
                {
                    set[connection.Id] = connection;
                    return;
                }
            }
        }
    }

    public void Remove(string key, LocalConnection connection)
    {
        if (!_sets.TryGetValue(key, out var set))
        {
            return;
        }
        lock (set)
        {
            if (set.TryRemove(connection.Id, out _) && set.IsEmpty)
            {
                _sets.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, LocalConnection>>(key, set));
            }
        }
    }

    public IEnumerable<LocalConnection> Members(string key) =>
        _sets.TryGetValue(key, out var set) ? set.Values : [];
}
