using MessagePack;

namespace Feed.Core;

// The [MessagePackObject]/[Key] attributes are the contract's MessagePack mapping, the one place
// it is written: every MessagePack user (the server's protocol, the official .NET client, the
// load tester, the benchmarks) reads it from the types, with no resolver to pass around or keep
// in step, and the keys sit beside the properties they name. Keys are the JSON protocol's
// camelCase names, every key is written (nil for an absent optional), unknown keys are skipped,
// and createdAt is a plain integer, so clients need not care which protocol they use.

/// <summary>The author of a feed item as the client sees it.</summary>
[MessagePackObject]
public sealed record AuthorProfile(
    [property: Key("id")] string Id,
    [property: Key("displayName")] string DisplayName,
    [property: Key("avatarUrl")] string? AvatarUrl);

/// <summary>
/// One post in a feed, as pushed in <c>FeedUpdated</c> and returned by <c>GetFeed</c>.
/// <see cref="CreatedAt"/> is Unix milliseconds; <see cref="Cursor"/> is the item's own opaque cursor.
/// </summary>
[MessagePackObject]
public sealed record FeedItem(
    [property: Key("id")] string Id,
    [property: Key("cursor")] string Cursor,
    [property: Key("authorId")] string AuthorId,
    [property: Key("author")] AuthorProfile Author,
    [property: Key("text")] string Text,
    [property: Key("createdAt")] long CreatedAt);

/// <summary>A page of items, newest first, and the cursor to continue with (null at the end).</summary>
[MessagePackObject]
public sealed record FeedPage(
    [property: Key("items")] IReadOnlyList<FeedItem> Items,
    [property: Key("next")] string? Next);
