using MessagePack;

namespace Feed.Core;

// MessagePack keys: see FeedItem.cs.

/// <summary>
/// Arguments of <c>GetFeed</c>: at most one of <see cref="Before"/> and <see cref="After"/>;
/// <see cref="Limit"/> 1..100, default 20.
/// </summary>
[MessagePackObject]
public sealed record FeedQuery(
    [property: Key("before")] string? Before = null,
    [property: Key("after")] string? After = null,
    [property: Key("limit")] int? Limit = null);

/// <summary>Arguments of <c>Publish</c>.</summary>
[MessagePackObject]
public sealed record PublishRequest([property: Key("text")] string? Text);

/// <summary>A user's public profile (<c>GET /api/users/{id}</c>).</summary>
[MessagePackObject]
public sealed record UserProfile(
    [property: Key("id")] string Id,
    [property: Key("displayName")] string DisplayName,
    [property: Key("avatarUrl")] string? AvatarUrl,
    [property: Key("bio")] string? Bio)
{
    public AuthorProfile ToAuthor() => new(Id, DisplayName, AvatarUrl);
}
