using System.Collections.Concurrent;

namespace Feed.Core;

/// <summary>
/// The followers of one author as this instance knows them: read concurrently by deliveries
/// while follow changes are applied, so it is a concurrent set (enumeration never blocks and
/// never throws; it sees each change made before it started).
/// </summary>
public sealed class FollowerSet
{
    private readonly ConcurrentDictionary<string, byte> _followers;

    public FollowerSet(IEnumerable<string> followers) =>
        _followers = new ConcurrentDictionary<string, byte>(followers.Select(f => KeyValuePair.Create(f, (byte)0)), StringComparer.Ordinal);

    public int Count => _followers.Count;

    public bool Contains(string userId) => _followers.ContainsKey(userId);

    /// <summary>The follower ids; enumerates the live set without copying it.</summary>
    public IEnumerable<string> Users
    {
        get
        {
            foreach (var follower in _followers)
            {
                yield return follower.Key;
            }
        }
    }

    internal void Apply(string followerId, bool follows)
    {
        if (follows)
        {
            _followers.TryAdd(followerId, 0);
        }
        else
        {
            _followers.TryRemove(followerId, out _);
        }
    }
}
