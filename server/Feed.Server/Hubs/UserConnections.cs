using System.Collections.Concurrent;

namespace Feed.Server.Hubs;

/// <summary>
/// The live hub connections of each user on this instance, so a follow or unfollow can change
/// the groups of every one of them at once.
/// </summary>
internal sealed class UserConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public void Add(string userId, string connectionId) =>
        _byUser.GetOrAdd(userId, static _ => new(StringComparer.Ordinal))[connectionId] = 0;

    public void Remove(string userId, string connectionId)
    {
        if (_byUser.TryGetValue(userId, out var set) && set.TryRemove(connectionId, out _) && set.IsEmpty)
        {
            // Another connection may have joined meanwhile; only remove the set if still empty.
            _byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(userId, set));
            if (!set.IsEmpty)
            {
                foreach (var id in set.Keys)
                {
                    Add(userId, id);
                }
            }
        }
    }

    public IReadOnlyCollection<string> Of(string userId) =>
        _byUser.TryGetValue(userId, out var set) ? (IReadOnlyCollection<string>)set.Keys : [];
}
