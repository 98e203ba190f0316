namespace Feed.Core;

/// <summary>A stored post. <see cref="CreatedAt"/> is Unix milliseconds.</summary>
public sealed record Post(string Id, string AuthorId, string Text, long CreatedAt)
{
    public FeedCursor Position => new(CreatedAt, Id);
}

/// <summary>
/// Which slice of the posts a query wants: older than <see cref="Before"/>, newer than
/// <see cref="After"/>, or (neither) the newest. Never both.
/// </summary>
public readonly record struct PostRange(FeedCursor? Before, FeedCursor? After)
{
    public static PostRange Newest => default;

    /// <summary>True when results run oldest-first (a gap-fill after a cursor).</summary>
    public bool Ascending => After is not null;

    public bool Contains(FeedCursor position) =>
        (Before is not { } before || position.CompareTo(before) < 0)
        && (After is not { } after || position.CompareTo(after) > 0);
}
