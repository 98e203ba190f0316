using Feed.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Core.Tests;

/// <summary>
/// The tracker's loop over the in-memory store, on a fake clock: tabs counted once, the offline
/// delay, and what it writes when the store fails and comes back.
/// </summary>
public sealed class PresenceTrackerTests : IAsyncLifetime
{
    private static readonly PresenceOptions Options = new();
    private readonly FakeTimeProvider _time = new();
    private readonly Recorder _events = new();
    private readonly FlakyStore _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PresenceTracker _tracker;
    private Task _loop = Task.CompletedTask;

    public PresenceTrackerTests() =>
        _tracker = new PresenceTracker(_store, _events, _time, Options, NullLogger<PresenceTracker>.Instance);

    public Task InitializeAsync()
    {
        _loop = _tracker.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [Fact]
    public async Task A_second_tab_and_a_reconnect_within_the_offline_delay_send_nothing_and_leaving_sends_offline_once_after_it()
    {
        _tracker.Connected("u");
        await _events.WaitAsync(["u:True"]);
        _tracker.Connected("u");
        _tracker.Disconnected("u");
        _tracker.Disconnected("u");
        await AdvanceAsync(Options.OfflineDelay - TimeSpan.FromMilliseconds(500));
        _tracker.Connected("u");
        await AdvanceAsync(Options.OfflineDelay * 3);
        // A later change goes through the same loop: a flap of u would be ahead of it.
        _tracker.Connected("v");
        await _events.WaitAsync(["u:True", "v:True"]);

        _tracker.Disconnected("u");
        await AdvanceAsync(Options.OfflineDelay - TimeSpan.FromMilliseconds(1));
        _tracker.Connected("w");
        await _events.WaitAsync(["u:True", "v:True", "w:True"]);
        await AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await _events.WaitAsync(["u:True", "v:True", "w:True", "u:False"]);
        Assert.Equal(["v", "w"], await _tracker.OnlineAmongAsync(["w", "u", "v", "x"], default));
    }

    [Fact]
    public async Task While_the_store_fails_nothing_is_sent_and_the_next_heartbeat_that_reaches_it_writes_everything_again()
    {
        _tracker.Connected("stays");
        _tracker.Connected("leaves");
        await _events.WaitAsync(["stays:True", "leaves:True"], ordered: false);
        _store.Failing = true;
        _tracker.Disconnected("leaves");
        _tracker.Connected("arrives");
        await AdvanceAsync(Options.OfflineDelay);
        // The store fails: the answer is what this instance knows.
        Assert.Equal(["arrives", "stays"], await _tracker.OnlineAmongAsync(["stays", "leaves", "arrives"], default));

        _store.Failing = false;
        await AdvanceAsync(Options.HeartbeatInterval);

        await _events.WaitAsync(["stays:True", "leaves:True", "arrives:True", "leaves:False"], ordered: false);
        Assert.Equal(["arrives", "stays"], (await _store.OnlineAmongAsync(["stays", "leaves", "arrives"], default)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failure_in_the_loop_is_survived_and_later_changes_still_go_out()
    {
        _events.ThrowOnce = true;
        _tracker.Connected("first");
        await _events.WaitAsync(["first:True"]);

        _tracker.Connected("second");
        // The loop pauses a second (on its clock) after a failure, then goes on.
        await AdvanceAsync(TimeSpan.FromSeconds(1));

        await _events.WaitAsync(["first:True", "second:True"]);
        Assert.False(_loop.IsCompleted);
    }

    [Fact]
    public async Task A_user_gone_while_their_arrival_is_being_written_goes_offline_after_the_delay()
    {
        var release = new TaskCompletionSource();
        _store.Hold = release;
        _tracker.Connected("brief");
        await _store.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _tracker.Disconnected("brief");
        release.SetResult();
        await _events.WaitAsync(["brief:True"]);

        await AdvanceAsync(Options.OfflineDelay);

        await _events.WaitAsync(["brief:True", "brief:False"]);
        Assert.Empty(await _store.OnlineAmongAsync(["brief"], default));
    }

    [Fact]
    public async Task A_turn_writes_only_what_changed_since_the_last()
    {
        var crowd = Enumerable.Range(0, 1000).Select(i => $"u{i:D4}").ToArray();
        foreach (var id in crowd)
        {
            _tracker.Connected(id);
        }
        await Eventually.HoldsAsync(() => Assert.Equal(1000, _events.Count));
        var before = _store.Written;

        _tracker.Connected("late");
        _tracker.Disconnected(crowd[0]);
        await _events.WaitAsync([.. crowd.Select(id => $"{id}:True"), "late:True"], ordered: false);
        await AdvanceAsync(Options.OfflineDelay);
        await Eventually.HoldsAsync(() => Assert.Equal(1002, _events.Count));

        // One user arrived and one left: two users written, not the thousand still connected.
        Assert.Equal(2, _store.Written - before);
    }

    /// <summary>Moves the clock once the loop waits for it (<see cref="PresenceTracker.IsIdle"/>), not while it is setting its timer.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await Eventually.HoldsAsync(() => Assert.True(_tracker.IsIdle), TimeSpan.FromSeconds(10));
        _time.Advance(by);
    }

    private sealed class Recorder : IPresenceListener
    {
        private readonly List<string> _events = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The next change is recorded, then the listener throws.</summary>
        public volatile bool ThrowOnce;

        public void PresenceChanged(string userId, bool online)
        {
            TaskCompletionSource changed;
            lock (_events)
            {
                _events.Add($"{userId}:{online}");
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            changed.TrySetResult();
            if (ThrowOnce)
            {
                ThrowOnce = false;
                throw new InvalidOperationException("a listener failed");
            }
        }

        public int Count
        {
            get { lock (_events) { return _events.Count; } }
        }

        public void LocalUsersChanged(int delta)
        {
        }

        /// <summary>Until the events are exactly <paramref name="expected"/> (in any order unless <paramref name="ordered"/>); fails on anything else.</summary>
        public async Task WaitAsync(string[] expected, bool ordered = true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                Task changed;
                List<string> now;
                lock (_events)
                {
                    changed = _changed.Task;
                    now = [.. _events];
                }
                if (now.Count >= expected.Length)
                {
                    IEnumerable<string> want = ordered ? expected : expected.Order(StringComparer.Ordinal);
                    IEnumerable<string> got = ordered ? now : now.Order(StringComparer.Ordinal);
                    Assert.Equal(want, got);
                    return;
                }
                await changed.WaitAsync(timeout.Token);
            }
        }
    }

    /// <summary>The in-memory store, failing every call while <see cref="Failing"/> (as Redis does while down).</summary>
    private sealed class FlakyStore : IPresenceStore
    {
        private readonly InMemoryPresenceStore _inner = new();

        public volatile bool Failing;

        /// <summary>The next write waits for it, after completing <see cref="Held"/>.</summary>
        public TaskCompletionSource? Hold;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _written;

        /// <summary>Users written by <see cref="ApplyAsync"/> so far, arrived and left.</summary>
        public int Written => Volatile.Read(ref _written);

        public async Task<PresenceChanges> ApplyAsync(IReadOnlyCollection<string> arrived, IReadOnlyCollection<string> left, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                return await Down<PresenceChanges>();
            }
            Interlocked.Add(ref _written, arrived.Count + left.Count);
            if (Interlocked.Exchange(ref Hold, null) is { } hold)
            {
                Held.TrySetResult();
                await hold.Task;
            }
            return await _inner.ApplyAsync(arrived, left, cancellationToken);
        }

        public Task<PresenceRefresh> RefreshAsync(int held, CancellationToken cancellationToken) =>
            Failing ? Down<PresenceRefresh>() : _inner.RefreshAsync(held, cancellationToken);

        public Task<PresenceChanges> ResyncAsync(IReadOnlyCollection<string> held, IReadOnlyCollection<string> released, CancellationToken cancellationToken) =>
            Failing ? Down<PresenceChanges>() : _inner.ResyncAsync(held, released, cancellationToken);

        public Task<IReadOnlyCollection<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
            Failing ? Down<IReadOnlyCollection<string>>() : _inner.OnlineAmongAsync(userIds, cancellationToken);

        private static Task<T> Down<T>() => Task.FromException<T>(new InvalidOperationException("the store is down"));
    }
}
