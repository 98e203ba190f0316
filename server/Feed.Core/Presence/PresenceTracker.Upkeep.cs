using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// The upkeep loop: each turn renews the lease on the heartbeat, writes the users due (arrived,
/// or gone for the offline delay) in one batch, announces what changed, then sleeps until the
/// next heartbeat, the next user due, or a change.
/// </summary>
public sealed partial class PresenceTracker
{
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
                var user = _users[id];
                user.State = StoreState.Held;
                Track(id, user); // gone again while it was written: due to leave
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
                    Track(id, user);
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
                var user = _users[id];
                user.State = StoreState.Held;
                Track(id, user);
            }
            foreach (var id in released)
            {
                var user = _users[id];
                if (user.Connections == 0)
                {
                    _users.Remove(id);
                }
                else
                {
                    user.State = StoreState.None;
                    Track(id, user);
                }
            }
        }
        PresenceLog.Resynced(logger, connected.Count, changes.CameOnline.Count, changes.WentOffline.Count);
        Announce(changes);
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
}
