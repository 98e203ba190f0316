using System.Collections.Concurrent;

namespace Feed.SignalR.Internal;

/// <summary>
/// Named sets of local connections (groups, users), safe for concurrent use. Most sets hold one
/// connection (a user's own socket, the user's own feed group), so a set of one is stored as the
/// connection itself and grows into a dictionary on its second member: a dictionary per set
/// would cost ~0.6 KiB for each connection held.
/// </summary>
internal sealed class MemberIndex
{
    // Each value is a LocalConnection (a set of one) or a MemberSet dictionary (two or more).
    private readonly ConcurrentDictionary<string, object> _sets = new(StringComparer.Ordinal);

    public void Add(string key, LocalConnection connection)
    {
        while (!TryAdd(key, connection))
        {
            // Lost a race with another change to the same set: look again.
        }
    }

    public void Remove(string key, LocalConnection connection)
    {
        while (_sets.TryGetValue(key, out var set) && !TryRemove(key, set, connection))
        {
            // Lost a race with another change to the same set: look again.
        }
    }

    /// <summary>How many sets there are (users with a connection here, groups with a member here).</summary>
    public int Count => _sets.Count;

    /// <summary>Adds every member of the set to the send; false if there is no such set. Allocates nothing for a set of one.</summary>
    public bool AddTo(string key, SendTargets targets)
    {
        if (!_sets.TryGetValue(key, out var set))
        {
            return false;
        }
        AddMembers(set, targets);
        return true;
    }

    /// <summary>
    /// Adds the members of every set whose key is in the audience: one walk, no lookup per key in
    /// this index. A set found in the audience remembers the audience's <paramref name="mark"/> (one
    /// object per audience object), so later sends to it skip the audience's own lookup for that key
    /// until <see cref="Forget"/> (the key's membership changed): a post to a large audience then
    /// costs about what a group's broadcast does. Returns how many sets it found, and in
    /// <paramref name="remembered"/> how many of them it found by their mark alone.
    /// </summary>
    public int AddIn(IAudience audience, object mark, SendTargets targets, out int remembered)
    {
        var found = 0;
        remembered = 0;
        foreach (var (key, set) in _sets)
        {
            switch (InAudience(key, set, audience, mark))
            {
                case Membership.Remembered:
                    remembered++;
                    break;
                case Membership.Outside:
                    continue;
            }
            AddMembers(set, targets);
            found++;
        }
        return found;
    }

    /// <summary>
    /// The key's membership of some audience changed (applied before this is called): whatever
    /// audience its set remembers is forgotten. A fresh marker rather than null, so that a send
    /// that read the old audience before the change cannot put it back (its exchange fails).
    /// </summary>
    public void Forget(string key)
    {
        if (_sets.TryGetValue(key, out var set))
        {
            Volatile.Write(ref MarkOf(set), new object());
        }
    }

    private enum Membership { Outside, Tested, Remembered }

    private static Membership InAudience(string key, object set, IAudience audience, object mark)
    {
        ref var remembered = ref MarkOf(set);
        var seen = Volatile.Read(ref remembered);
        if (ReferenceEquals(seen, mark))
        {
            return Membership.Remembered;
        }
        if (!audience.Contains(key))
        {
            return Membership.Outside;
        }
        Interlocked.CompareExchange(ref remembered, mark, seen);
        return Membership.Tested;
    }

    private static ref object? MarkOf(object set) =>
        ref set is LocalConnection one ? ref one.AudienceMark : ref ((MemberSet)set).AudienceMark;

    private static void AddMembers(object set, SendTargets targets)
    {
        if (set is LocalConnection one)
        {
            targets.Add(one);
            return;
        }
        foreach (var member in (MemberSet)set)
        {
            targets.Add(member.Value);
        }
    }

    public IEnumerable<LocalConnection> Members(string key) => _sets.TryGetValue(key, out var set) switch
    {
        false => [],
        true when set is LocalConnection one => [one],
        _ => ((MemberSet)set).Values,
    };

    private bool TryAdd(string key, LocalConnection connection)
    {
        if (!_sets.TryGetValue(key, out var set))
        {
            return _sets.TryAdd(key, connection);
        }
        if (set is LocalConnection one)
        {
            object grown = one.Id == connection.Id ? connection : new MemberSet { [one.Id] = one, [connection.Id] = connection };
            return _sets.TryUpdate(key, grown, one);
        }
        var many = (MemberSet)set;
        lock (many)
        {
            // A set emptied and removed concurrently is stale: the caller retries with the live one.
            if (!IsLive(key, many))
            {
                return false;
            }
            many[connection.Id] = connection;
            return true;
        }
    }

    private bool TryRemove(string key, object set, LocalConnection connection)
    {
        if (set is LocalConnection one)
        {
            return one.Id != connection.Id || _sets.TryRemove(new KeyValuePair<string, object>(key, one));
        }
        var many = (MemberSet)set;
        lock (many)
        {
            if (!IsLive(key, many))
            {
                return false;
            }
            if (many.TryRemove(connection.Id, out _) && many.IsEmpty)
            {
                _sets.TryRemove(new KeyValuePair<string, object>(key, many));
            }
            return true;
        }
    }

    private bool IsLive(string key, MemberSet set) => _sets.TryGetValue(key, out var live) && ReferenceEquals(live, set);

    private sealed class MemberSet() : ConcurrentDictionary<string, LocalConnection>(StringComparer.Ordinal)
    {
        /// <summary>The mark of the audience this set was last found in (<see cref="InAudience"/>).</summary>
        public object? AudienceMark;
    }
}
