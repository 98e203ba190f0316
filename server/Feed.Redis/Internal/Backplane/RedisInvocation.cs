using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis.Internal.Backplane;

/// <summary>Who a partition message is for: its keys are connection ids, groups, users or one audience.</summary>
internal enum TargetKind : byte
{
    All = 0,
    Connections = 1,
    Groups = 2,
    Users = 3,
    Audience = 4,
}

/// <summary>A hub message as received from another instance, already serialized per protocol.</summary>
internal sealed record RedisInvocation(
    string Origin, IReadOnlyList<string> ExcludedConnectionIds, SerializedHubMessage Message, TargetKind Kind, IReadOnlyList<string> Keys);
