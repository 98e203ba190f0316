using System.Collections.Concurrent;

namespace Feed.SignalR.Delivery;

/// <summary>
/// The live hub connections of each user on this instance, so a follow or unfollow can change
/// the groups of every one of them at once (group delivery only: Feed's engine has its own user index). A user has one connection per open tab, so each
/// list is a small array replaced on change (copy-on-write): readers get a stable snapshot, and
/// a user costs one array rather than a dictionary per connection.
/// </summary>
public sealed class UserConnections
{
    private readonly ConcurrentDictionary<string, string[]> _byUser = new(StringComparer.Ordinal);

    public void Add(string userId, string connectionId) =>
        _byUser.AddOrUpdate(userId, static (_, id) => [id],
            static (_, ids, id) => ids.Contains(id) ? ids : [.. ids, id], connectionId);

    public void Remove(string userId, string connectionId)
    {
        while (_byUser.TryGetValue(userId, out var ids) && ids.Contains(connectionId))
        {
            var removed = ids.Length == 1
                ? _byUser.TryRemove(new KeyValuePair<string, string[]>(userId, ids))
                : _byUser.TryUpdate(userId, [.. ids.Where(id => id != connectionId)], ids);
            if (removed)
            {
                return;
            }
            // Another connection of the user joined or left meanwhile: look again.
        }
    }

    public IReadOnlyCollection<string> Of(string userId) =>
        _byUser.TryGetValue(userId, out var ids) ? ids : [];
}
