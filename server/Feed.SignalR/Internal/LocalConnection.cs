using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// A connection on this instance as the lifetime manager sees it: the SignalR context, the
/// groups it is in (to leave them on disconnect), the messages waiting for it, and the flusher
/// that writes them.
/// </summary>
internal sealed class LocalConnection(HubConnectionContext context, SlowConnectionPolicy policy, OutboxFlusher flusher)
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);

    /// <summary>
    /// While this connection is its user's only one here: the mark of the audience the user was last
    /// found in, kept by the users' <see cref="MemberIndex"/> (a field, so the walk that reads it
    /// touches no other object).
    /// </summary>
    public object? AudienceMark;

    public HubConnectionContext Context { get; } = context;

    public string Id => Context.ConnectionId;

    public ConnectionOutbox Outbox { get; } = new(context, policy);

    public OutboxFlusher Flusher => flusher;

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
