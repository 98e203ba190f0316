namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Every Redis channel the backplane uses, in one place. All start with the channel prefix and
/// the hub's full type name, so several apps (prefix) and several hubs share one Redis:
/// <code>
/// {prefix}{hub}:all                       SendAll / SendAllExcept
/// {prefix}{hub}:connection:{id}           SendConnection(s) to a connection on another instance
/// {prefix}{hub}:group:{name}              SendGroup(s) / SendGroupExcept
/// {prefix}{hub}:user:{id}                 SendUser(s)
/// {prefix}{hub}:internal:groups           group membership commands, to every instance
/// {prefix}{hub}:internal:ack:{server}     acknowledgements of those commands, to the sender
/// </code>
/// </summary>
internal sealed class RedisChannels(string prefix, string hubName)
{
    private readonly string _root = prefix + hubName + ":";

    public string All => _root + "all";

    public string GroupManagement => _root + "internal:groups";

    public string Connection(string connectionId) => _root + "connection:" + connectionId;

    public string Group(string groupName) => _root + "group:" + groupName;

    public string User(string userId) => _root + "user:" + userId;

    public string Ack(string serverName) => _root + "internal:ack:" + serverName;
}
