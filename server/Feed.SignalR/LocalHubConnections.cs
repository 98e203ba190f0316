using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Feed.SignalR.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Feed.SignalR;

/// <summary>
/// The connections of this instance, indexed by id, group and user, with delivery that never
/// waits: a send gathers its target connections and hands them with the one already-serialized
/// message to their flusher (one per two cores, each connection always the same one), which writes
/// a lone send straight to the sockets and a burst one write per connection; a connection with more than <c>sendBacklog</c> messages waiting
/// behind a write its full pipe holds up is aborted (its client reconnects and gap-fills). The
/// building block of both the in-process and the Redis lifetime managers. Safe for concurrent use.
/// </summary>
public sealed class LocalHubConnections
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly MemberIndex _groups = new();
    private readonly MemberIndex _users = new();
    // What a user found in an audience remembers: a mark per audience object rather than the object
    // itself, so that a follower set its resolver has let go (expired, reset) is not kept alive by it.
    private readonly ConditionalWeakTable<IAudience, AudienceMark> _audienceMarks = [];
    private readonly SlowConnectionPolicy _slowConnections;
    private readonly OutboxFlushers _flushers;
    private readonly DeliveryMetrics? _metrics;

    /// <param name="sendBacklog">Messages that may wait behind a blocked write before the connection is dropped.</param>
    /// <param name="logger">Receives slow-connection drops (event 2001) and failed writes (2002).</param>
    /// <param name="flushers">Flushers writing connections in parallel; default one per two cores.</param>
    /// <param name="metrics">Counts deliveries and slow-reader drops; none in unit tests.</param>
    public LocalHubConnections(int sendBacklog, ILogger logger, int? flushers = null, DeliveryMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sendBacklog, 1);
        ArgumentNullException.ThrowIfNull(logger);
        _metrics = metrics;
        _slowConnections = new SlowConnectionPolicy(sendBacklog, logger, metrics is null ? null : metrics.SlowReaderDropped);
        _flushers = new OutboxFlushers(flushers ?? FeedDeliveryOptions.DefaultFlushers);
    }

    /// <summary>How many flushers write this instance's connections.</summary>
    public int FlusherCount => _flushers.Count;

    public int Count => _connections.Count;

    public void Add(HubConnectionContext connection)
    {
        var local = new LocalConnection(connection, _slowConnections, _flushers.For(connection.ConnectionId));
        _connections[connection.ConnectionId] = local;
        if (connection.UserIdentifier is { } user)
        {
            _users.Add(user, local);
        }
    }

    /// <summary>Forgets the connection; returns the groups it was in (empty if it was unknown).</summary>
    public IReadOnlyList<string> Remove(HubConnectionContext connection)
    {
        if (!_connections.TryRemove(connection.ConnectionId, out var local))
        {
            return [];
        }
        var groups = local.Groups();
        foreach (var group in groups)
        {
            _groups.Remove(group, local);
        }
        if (connection.UserIdentifier is { } user)
        {
            _users.Remove(user, local);
        }
        return groups;
    }

    public bool Contains(string connectionId) => _connections.ContainsKey(connectionId);

    public LocalGroupChange AddToGroup(string connectionId, string group)
    {
        if (!_connections.TryGetValue(connectionId, out var local))
        {
            return LocalGroupChange.NotLocal;
        }
        if (!local.AddGroup(group))
        {
            return LocalGroupChange.Unchanged;
        }
        _groups.Add(group, local);
        return LocalGroupChange.Changed;
    }

    public LocalGroupChange RemoveFromGroup(string connectionId, string group)
    {
        if (!_connections.TryGetValue(connectionId, out var local))
        {
            return LocalGroupChange.NotLocal;
        }
        if (!local.RemoveGroup(group))
        {
            return LocalGroupChange.Unchanged;
        }
        _groups.Remove(group, local);
        return LocalGroupChange.Changed;
    }

    /// <summary>The ids of the user's connections on this instance.</summary>
    public IReadOnlyList<string> ConnectionsOf(string userId) => [.. _users.Members(userId).Select(c => c.Id)];

    public void SendAll(SerializedHubMessage message, IReadOnlyList<string> excludedConnectionIds)
    {
        var targets = _flushers.Gather(message);
        foreach (var local in _connections.Values)
        {
            if (excludedConnectionIds.Count == 0 || !excludedConnectionIds.Contains(local.Id))
            {
                targets.Add(local);
            }
        }
        Post(targets);
    }

    /// <summary>Sends to the connection if it is on this instance; false if it is not.</summary>
    public bool SendConnection(string connectionId, SerializedHubMessage message)
    {
        if (!_connections.TryGetValue(connectionId, out var local))
        {
            return false;
        }
        var targets = _flushers.Gather(message);
        targets.Add(local);
        Post(targets);
        return true;
    }

    /// <summary>Sends once to each distinct local connection in any of the groups.</summary>
    public void SendGroups(IReadOnlyList<string> groups, SerializedHubMessage message, IReadOnlyList<string> excludedConnectionIds) =>
        SendMembers(_groups, groups, message, excludedConnectionIds);

    /// <summary>Sends once to each local connection of any of the users.</summary>
    public void SendUsers(IReadOnlyList<string> userIds, SerializedHubMessage message) =>
        SendMembers(_users, userIds, message, []);

    /// <summary>
    /// Sends once to each local connection of the audience's users, gathered the cheaper way
    /// (<see cref="AudienceMark.Walks"/>): the audience looked up member by member, or this
    /// instance's users walked, each tested once and remembered.
    /// </summary>
    public void SendAudience(IAudience audience, SerializedHubMessage message)
    {
        var targets = _flushers.Gather(message);
        var mark = _audienceMarks.GetValue(audience, static _ => new AudienceMark());
        if (mark.Walks(audience.Count, _users.Count))
        {
            var found = _users.AddIn(audience, mark, targets, out var remembered);
            mark.Walked(found, remembered);
        }
        else
        {
            var found = 0;
            foreach (var user in audience.Users)
            {
                found += _users.AddTo(user, targets) ? 1 : 0;
            }
            mark.LookedUp(found);
        }
        Post(targets);
    }

    /// <summary>
    /// Applies a change to an audience on this instance: through the resolver, then the user's
    /// deliveries here stop relying on any audience they were found in before (see <see cref="IAudience"/>).
    /// </summary>
    public void ChangeAudience(IAudienceResolver resolver, string audience, string userId, bool member)
    {
        resolver.Apply(audience, userId, member);
        _users.Forget(userId);
    }

    private void SendMembers(MemberIndex index, IReadOnlyList<string> keys, SerializedHubMessage message, IReadOnlyList<string> excluded)
    {
        var targets = _flushers.Gather(message);
        HashSet<string>? seen = keys.Count > 1 ? new(StringComparer.Ordinal) : null;
        foreach (var key in keys)
        {
            foreach (var local in index.Members(key))
            {
                if ((seen is null || seen.Add(local.Id)) && (excluded.Count == 0 || !excluded.Contains(local.Id)))
                {
                    targets.Add(local);
                }
            }
        }
        Post(targets);
    }

    private void Post(SendTargets targets)
    {
        var sent = targets.Post();
        _metrics?.Delivered(sent);
    }
}
