using Feed.Client;
using Feed.Core;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>A test user's hub connection and what it has received.</summary>
public sealed record FeedConnection(string UserId, FeedClient Client, FeedInbox Inbox) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Client.DisposeAsync();
}

/// <summary>Items pushed to one connection, with waits on conditions (never fixed sleeps).</summary>
public sealed class FeedInbox
{
    private readonly List<FeedItem> _items = [];
    private readonly List<PresenceChange> _presence = [];
    private int _resyncs;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<FeedItem> Items
    {
        get { lock (_items) { return [.. _items]; } }
    }

    public int Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>Every <c>PresenceChanged</c> received, in order.</summary>
    public IReadOnlyList<PresenceChange> Presence
    {
        get { lock (_items) { return [.. _presence]; } }
    }

    public void AddPresence(PresenceChange change)
    {
        lock (_items)
        {
            _presence.Add(change);
        }
        Signal();
    }

    /// <summary>Waits until the condition holds over the presence changes received, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<PresenceChange>> WaitPresenceAsync(Func<IReadOnlyList<PresenceChange>, bool> condition, string what,
        TimeSpan? timeout = null)
    {
        await WaitAsync(_ => condition(Presence), timeout, what);
        return Presence;
    }

    public void Add(FeedItem[] items)
    {
        lock (_items)
        {
            _items.AddRange(items);
        }
        Signal();
    }

    public void AddResync()
    {
        Interlocked.Increment(ref _resyncs);
        Signal();
    }

    /// <summary>Waits until the condition holds over the received items, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<FeedItem>> WaitAsync(Func<IReadOnlyList<FeedItem>, bool> condition, TimeSpan? timeout = null, string what = "items")
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_items)
            {
                changed = _changed.Task;
            }
            var items = Items;
            if (condition(items))
            {
                return items;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}; received {items.Count} item(s): {string.Join(", ", items.Select(i => i.Text))}");
            }
        }
    }

    public Task<IReadOnlyList<FeedItem>> WaitForAsync(string postId) =>
        WaitAsync(items => items.Any(i => i.Id == postId), what: $"post {postId}");

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_items)
        {
            previous = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}

/// <summary>Unique user ids per test, so tests sharing a server never see each other's data.</summary>
public static class TestUsers
{
    public static string New(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..10]}";
}
