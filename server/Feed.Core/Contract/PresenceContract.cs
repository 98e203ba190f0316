using MessagePack;

namespace Feed.Core;

// MessagePack keys: see FeedItem.cs.

/// <summary>What <c>GetOnline()</c> and <c>GET /api/presence</c> return: the caller's followees who are online, sorted by id.</summary>
[MessagePackObject]
public sealed record OnlineUsers([property: Key("online")] IReadOnlyList<string> Online);

/// <summary>The argument of <c>PresenceChanged</c>: a followee's first connection opened (<see cref="Online"/> true) or last one closed.</summary>
[MessagePackObject]
public sealed record PresenceChange(
    [property: Key("userId")] string UserId,
    [property: Key("online")] bool Online);
