namespace Feed.Core;

/// <summary>The author of a feed item as the client sees it.</summary>
public sealed record AuthorProfile(string Id, string DisplayName, string? AvatarUrl);

/// <summary>
/// One post in a feed, as pushed in <c>FeedUpdated</c> and returned by <c>GetFeed</c>.
/// <see cref="CreatedAt"/> is Unix milliseconds; <see cref="Cursor"/> is the item's own opaque cursor.
/// </summary>
public sealed record FeedItem(
    string Id,
    string Cursor,
    string AuthorId,
    AuthorProfile Author,
    string Text,
    long CreatedAt);

/// <summary>A page of items, newest first, and the cursor to continue with (null at the end).</summary>
public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string? Next);
