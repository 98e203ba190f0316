using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// This instance's side of presence: counts each user's live connections here and keeps the
/// shared <see cref="IPresenceStore"/> in step from one background loop (<see cref="RunAsync"/>),
/// which writes whatever changed since its last turn in one batch (a connect storm costs a few
/// batches, never a store call per follower). A user's first connection here is written at once;
/// their last one closing is written <see cref="PresenceOptions.OfflineDelay"/> later, and only if
/// they have not come back meanwhile, so a reconnect within it (to any instance, which then finds
/// the user still held) sends nothing. Every <see cref="PresenceOptions.HeartbeatInterval"/> the
/// loop renews this instance's lease, reports the users of instances whose lease ran out, and
/// writes everything again when the store lost it (a Redis restart) or could not be reached.
/// </summary>
public sealed class PresenceTracker(IPresenceStore store, IPresenceListener listener, TimeProvider time, PresenceOptions options,
    ILogger<PresenceTracker> logger)
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, LocalUser> _users = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastRefresh;
    private bool _refreshed;
    // The store failed us: write nothing until a heartbeat reaches it, then write everything again.
    private bool _storeDown;
    // Users' first connections and last disconnections so far (under _gate), and the loop's latest wait: see IsIdle.
    private long _changes;
    private Sleep? _sleep;

    /// <summary>A connection of the user opened on this instance.</summary>
    public void Connected(string userId)
    {
        if (!options.Enabled)
        {
            return;
        }
        bool first;
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                _users[userId] = user = new LocalUser();
            }
            first = user.Connections++ == 0;
            if (first)
            {
                Changed();
            }
        }
        if (first)
        {
            listener.LocalUsersChanged(1);
        }
    }

    /// <summary>A connection of the user on this instance closed.</summary>
    public void Disconnected(string userId)
    {
        if (!options.Enabled)
        {
            return;
        }
        var last = false;
        lock (_gate)
        {
            if (_users.TryGetValue(userId, out var user) && user.Connections > 0 && --user.Connections == 0)
            {
                user.ClosedAt = time.GetTimestamp();
                last = true;
                Changed();
            }
        }
        if (last)
        {
            listener.LocalUsersChanged(-1);
        }
    }

    /// <summary>
    /// The loop waits for its clock and nothing else: its timer is set, and it has taken in every
    /// user's first connection and last disconnection so far. A test on a fake clock moves it only
    /// then: moved between the loop reading it and setting its timer, the clock would leave the
    /// timer late by as much, and a test that moves it no further would wait for ever.
    /// </summary>
    internal bool IsIdle
    {
        get
        {
            if (Volatile.Read(ref _sleep) is not { Timer.IsCompleted: false } sleep)
            {
                return false;
            }
            lock (_gate)
            {
                return sleep.Seen is not { } seen || seen == _changes;
            }
        }
    }

    /// <summary>How many connections the user has on this instance.</summary>
    public int ConnectionsHere(string userId)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userId, out var user) ? user.Connections : 0;
        }
    }

    /// <summary>
    /// Those of <paramref name="userIds"/> online on any instance, sorted by id. When the store
    /// cannot be reached, the answer is what this instance knows: its own connected users.
    /// </summary>
    public async Task<IReadOnlyList<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var online = new SortedSet<string>(StringComparer.Ordinal);
        if (!options.Enabled)
        {
            return [];
        }
        lock (_gate)
        {
            online.UnionWith(userIds.Where(id => _users.TryGetValue(id, out var user) && user.Connections > 0));
        }
        if (userIds.Count > 0)
        {
            try
            {
                online.UnionWith(await store.OnlineAmongAsync(userIds, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                PresenceLog.AnsweredLocally(logger, e.Message);
            }
        }
        return [.. online];
    }

    /// <summary>The upkeep loop: returns when <paramref name="stoppingToken"/> is cancelled; logs any failure and goes on.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (options.Enabled && !stoppingToken.IsCancellationRequested)
        {
            // A new signal first: a change made from here on wakes the wait below; one made before is seen by this turn.
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _wake, wake);
            long seen;
            lock (_gate)
            {
                seen = _changes;
            }
            try
            {
                await TurnAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                PresenceLog.UpkeepFailed(logger, e);
                // Not at once: whatever failed may fail again, and the log should not fill up. Changes wait too.
                var pause = Task.Delay(FailurePause, time, stoppingToken);
                Volatile.Write(ref _sleep, new Sleep(pause, Seen: null));
                await Task.WhenAny(pause).ConfigureAwait(false);
            }
            await WaitAsync(wake.Task, seen, stoppingToken).ConfigureAwait(false);
        }
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Under <see cref="_gate"/>: counted and woken at once, so <see cref="IsIdle"/> never sees one without the other.</summary>
    private void Changed()
    {
        _changes++;
        Wake();
    }

    private async Task TurnAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (!_refreshed || time.GetElapsedTime(_lastRefresh, now) >= options.HeartbeatInterval)
        {
            _refreshed = true;
            _lastRefresh = now;
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_storeDown)
        {
            return;
        }
        var (arrived, left) = Due(now);
        if (arrived.Count + left.Count == 0)
        {
            return;
        }
        if (await CallStoreAsync(() => store.ApplyAsync(arrived, left, cancellationToken), cancellationToken).ConfigureAwait(false) is not { } changes)
        {
            return;
        }
        lock (_gate)
        {
            foreach (var id in arrived)
            {
                _users[id].State = StoreState.Held;
            }
            foreach (var id in left)
            {
                var user = _users[id];
                if (user.Connections == 0)
                {
                    _users.Remove(id);
                }
                else
                {
                    // Back while it was written: the next turn writes them again (and they come online again).
                    user.State = StoreState.None;
                    Wake();
                }
            }
        }
        Announce(changes);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        int held;
        lock (_gate)
        {
            held = _users.Values.Count(u => u.State == StoreState.Held);
        }
        if (await CallStoreAsync(() => store.RefreshAsync(held, cancellationToken), cancellationToken).ConfigureAwait(false) is not { } refresh)
        {
            return;
        }
        if (refresh.Expired.Count > 0)
        {
            PresenceLog.Expired(logger, refresh.Expired.Count);
            Announce(new PresenceChanges([], refresh.Expired));
        }
        if (refresh.InStep && !_storeDown)
        {
            return;
        }
        List<string> connected, released;
        lock (_gate)
        {
            connected = [.. _users.Where(u => u.Value.Connections > 0).Select(u => u.Key)];
            released = [.. _users.Where(u => u.Value.Connections == 0 && u.Value.State != StoreState.None).Select(u => u.Key)];
        }
        if (await CallStoreAsync(() => store.ResyncAsync(connected, released, cancellationToken), cancellationToken).ConfigureAwait(false) is not { } changes)
        {
            return;
        }
        _storeDown = false;
        lock (_gate)
        {
            foreach (var id in connected)
            {
                _users[id].State = StoreState.Held;
            }
            foreach (var id in released)
            {
                if (_users[id].Connections == 0)
                {
                    _users.Remove(id);
                }
                else
                {
                    _users[id].State = StoreState.None;
                }
            }
        }
        PresenceLog.Resynced(logger, connected.Count, changes.CameOnline.Count, changes.WentOffline.Count);
        Announce(changes);
    }

    /// <summary>Users to write now: connected here but not yet held, and those gone for the offline delay.</summary>
    private (List<string> Arrived, List<string> Left) Due(long now)
    {
        List<string> arrived = [], left = [], forgotten = [];
        lock (_gate)
        {
            foreach (var (id, user) in _users)
            {
                if (user.Connections > 0)
                {
                    if (user.State != StoreState.Held)
                    {
                        arrived.Add(id);
                    }
                }
                else if (user.State == StoreState.None)
                {
                    // Came and went between two turns: the store never heard of them.
                    forgotten.Add(id);
                }
                else if (time.GetElapsedTime(user.ClosedAt, now) >= options.OfflineDelay)
                {
                    left.Add(id);
                }
            }
            foreach (var id in forgotten)
            {
                _users.Remove(id);
            }
        }
        return (arrived, left);
    }

    /// <summary>The store's answer, or null once it failed (logged the first time; nothing is written until a heartbeat reaches it).</summary>
    private async Task<T?> CallStoreAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_storeDown)
            {
                PresenceLog.StoreUnreachable(logger, e.Message);
            }
            _storeDown = true;
            return null;
        }
    }

    private void Announce(PresenceChanges changes)
    {
        foreach (var id in changes.CameOnline)
        {
            listener.PresenceChanged(id, online: true);
        }
        foreach (var id in changes.WentOffline)
        {
            listener.PresenceChanged(id, online: false);
        }
    }

    /// <summary>Until the next heartbeat or the next user due to be written, or a change wakes the loop.</summary>
    private async Task WaitAsync(Task wake, long seen, CancellationToken stoppingToken)
    {
        var delay = NextDue();
        if (delay <= TimeSpan.Zero || wake.IsCompleted)
        {
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, cts.Token);
        Volatile.Write(ref _sleep, new Sleep(timer, seen));
        await Task.WhenAny(wake, timer).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
    }

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
            foreach (var user in _users.Values)
            {
                if (user.Connections > 0)
                {
                    if (user.State != StoreState.Held)
                    {
                        return TimeSpan.Zero;
                    }
                }
                else if (user.State != StoreState.None)
                {
                    var left = options.OfflineDelay - time.GetElapsedTime(user.ClosedAt, now);
                    due = left < due ? left : due;
                }
            }
        }
        return due;
    }

    /// <param name="Timer">Ends the wait.</param>
    /// <param name="Seen">The changes taken in before it; null when changes do not end the wait either.</param>
    private sealed record Sleep(Task Timer, long? Seen);

    private enum StoreState
    {
        /// <summary>The store has no entry of this instance for the user.</summary>
        None,
        /// <summary>The store has it.</summary>
        Held,
    }

    private sealed class LocalUser
    {
        public int Connections { get; set; }

        /// <summary>When <see cref="Connections"/> last fell to 0 (a <see cref="TimeProvider"/> timestamp).</summary>
        public long ClosedAt { get; set; }

        public StoreState State { get; set; }
    }
}
