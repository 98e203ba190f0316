namespace Feed.Redis.Internal.Backplane;

/// <summary>What a group command asks every instance to do.</summary>
internal enum GroupAction : byte
{
    AddConnection = 1,
    RemoveConnection = 2,
    AddUser = 3,
    RemoveUser = 4,
}

/// <summary>
/// A group membership change for connections that may live on other instances; each instance
/// applies it to its own connections and acks it to <see cref="Origin"/>.
/// </summary>
/// <param name="Target">The connection id (Add/RemoveConnection) or user id (Add/RemoveUser).</param>
internal sealed record GroupCommand(long Id, string Origin, GroupAction Action, string Group, string Target);
