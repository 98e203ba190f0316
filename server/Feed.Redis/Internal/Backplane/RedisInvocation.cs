using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis.Internal.Backplane;

/// <summary>A hub message as received from another instance, already serialized per protocol.</summary>
internal sealed record RedisInvocation(string Origin, IReadOnlyList<string> ExcludedConnectionIds, SerializedHubMessage Message);
