namespace Feed.Core;

/// <summary>
/// Who the upkeep loop has to write, kept as it changes rather than found by looking at every
/// user: a turn costs what changed, not what is connected (a scan of every user per turn made a
/// connect storm of 10,000 cost 10,000 scans of up to 10,000 users). Entries are only hints,
/// checked against the user when taken: a user may have come back or gone again since.
/// </summary>
public sealed partial class PresenceTracker
{
    // All under _gate. Connected here, not yet written.
    private readonly HashSet<string> _arriving = new(StringComparer.Ordinal);
    // Gone before they were ever written: forgotten without a store call.
    private readonly HashSet<string> _forgotten = new(StringComparer.Ordinal);
    // Written and gone, oldest first (the offline delay is the same for all): due in that order.
    private readonly Queue<(string Id, long ClosedAt)> _leaving = new();

    /// <summary>Under <see cref="_gate"/>, after the user's count or state changed: notes what the loop must do for them.</summary>
    private void Track(string id, LocalUser user)
    {
        if (user.Connections > 0)
        {
            if (user.State != StoreState.Held)
            {
                _arriving.Add(id);
            }
        }
        else if (user.State == StoreState.None)
        {
            _forgotten.Add(id);
        }
        else
        {
            _leaving.Enqueue((id, user.ClosedAt));
        }
    }

    /// <summary>Users to write now: connected here but not yet held, and those gone for the offline delay.</summary>
    private (List<string> Arrived, List<string> Left) Due(long now)
    {
        List<string> arrived = [], left = [];
        HashSet<string> leaving = new(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var id in _arriving)
            {
                if (_users.TryGetValue(id, out var user) && user.Connections > 0 && user.State != StoreState.Held)
                {
                    arrived.Add(id);
                }
            }
            _arriving.Clear();
            foreach (var id in _forgotten)
            {
                if (_users.TryGetValue(id, out var user) && user.Connections == 0 && user.State == StoreState.None)
                {
                    _users.Remove(id);
                }
            }
            _forgotten.Clear();
            while (NextLeaving() is { } next && time.GetElapsedTime(next.ClosedAt, now) >= options.OfflineDelay)
            {
                _leaving.Dequeue();
                if (leaving.Add(next.Id)) // noted twice (say, by a turn and a resync): written once
                {
                    left.Add(next.Id);
                }
            }
        }
        return (arrived, left);
    }

    /// <summary>How long until the next heartbeat or the next user due to be written.</summary>
    private TimeSpan NextDue()
    {
        var now = time.GetTimestamp();
        var due = options.HeartbeatInterval - time.GetElapsedTime(_lastRefresh, now);
        if (_storeDown)
        {
            return due;
        }
        lock (_gate)
        {
            if (_arriving.Count > 0 || _forgotten.Count > 0)
            {
                return TimeSpan.Zero;
            }
            if (NextLeaving() is { } next)
            {
                var left = options.OfflineDelay - time.GetElapsedTime(next.ClosedAt, now);
                due = left < due ? left : due;
            }
        }
        return due;
    }

    /// <summary>Under <see cref="_gate"/>: the oldest entry still true (written, gone, not back since), dropping the rest.</summary>
    private (string Id, long ClosedAt)? NextLeaving()
    {
        while (_leaving.TryPeek(out var next))
        {
            if (_users.TryGetValue(next.Id, out var user) && user.Connections == 0 && user.State == StoreState.Held && user.ClosedAt == next.ClosedAt)
            {
                return next;
            }
            _leaving.Dequeue();
        }
        return null;
    }
}
