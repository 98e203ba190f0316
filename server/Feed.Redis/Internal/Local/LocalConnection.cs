using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis.Internal.Local;

/// <summary>
/// A connection on this instance as the lifetime manager sees it: the SignalR context, the
/// groups it is in (to leave them on disconnect), and how many writes to it are still waiting.
/// </summary>
internal sealed class LocalConnection(HubConnectionContext context)
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private int _pendingWrites;
    private int _dropped;

    public HubConnectionContext Context { get; } = context;

    public string Id => Context.ConnectionId;

    public int PendingWrites => Volatile.Read(ref _pendingWrites);

    public int IncrementPending() => Interlocked.Increment(ref _pendingWrites);

    public void DecrementPending() => Interlocked.Decrement(ref _pendingWrites);

    /// <summary>True the first time only, so a slow connection is dropped (and logged) once.</summary>
    public bool MarkDropped() => Interlocked.Exchange(ref _dropped, 1) == 0;

    public bool AddGroup(string group)
    {
        lock (_groups)
        {
            return _groups.Add(group);
        }
    }

    public bool RemoveGroup(string group)
    {
        lock (_groups)
        {
            return _groups.Remove(group);
        }
    }

    public string[] Groups()
    {
        lock (_groups)
        {
            return [.. _groups];
        }
    }
}
