using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// This instance's side of presence: counts each user's live connections here and keeps the
/// shared <see cref="IPresenceStore"/> in step from one background loop (<see cref="RunAsync"/>),
/// (PresenceTracker.Upkeep.cs), which writes whatever changed since its last turn in one batch (a connect storm costs a few
/// batches, never a store call per follower). A user's first connection here is written at once;
/// their last one closing is written <see cref="PresenceOptions.OfflineDelay"/> later, and only if
/// they have not come back meanwhile, so a reconnect within it (to any instance, which then finds
/// the user still held) sends nothing. Every <see cref="PresenceOptions.HeartbeatInterval"/> the
/// loop renews this instance's lease, reports the users of instances whose lease ran out, and
/// writes everything again when the store lost it (a Redis restart) or could not be reached.
/// </summary>
public sealed partial class PresenceTracker(IPresenceStore store, IPresenceListener listener, TimeProvider time, PresenceOptions options,
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
                Track(userId, user);
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
                Track(userId, user);
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

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Under <see cref="_gate"/>: counted and woken at once, so <see cref="IsIdle"/> never sees one without the other.</summary>
    private void Changed()
    {
        _changes++;
        Wake();
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
