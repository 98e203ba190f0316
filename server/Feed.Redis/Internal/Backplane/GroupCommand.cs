namespace Feed.Redis.Internal.Backplane;

/// <summary>What a group command asks every instance to do.</summary>
internal enum GroupAction : byte
{
    AddConnection = 1,
    RemoveConnection = 2,
    AddUser = 3,
    RemoveUser = 4,
    JoinAudience = 5,
    LeaveAudience = 6,
}

/// <summary>
/// A group membership change for connections that may live on other instances; each instance
/// applies it to its own connections and acks it to <see cref="Origin"/>.
/// </summary>
/// <param name="Group">The group, or the audience (Join/LeaveAudience).</param>
/// <param name="Target">The connection id (Add/RemoveConnection) or user id (the others).</param>
internal sealed record GroupCommand(long Id, string Origin, GroupAction Action, string Group, string Target);
