namespace Feed.Core;

/// <summary>
/// Reads a page of a user's feed (<c>GetFeed</c>, <c>GET /api/feed</c>): their own and their
/// followees' posts, newest first, cursor-paginated, with the authors' profiles. With
/// <paramref name="timelines"/>, pages come from home timelines when they can vouch for them;
/// without, every page is the fan-out-on-read store query (which also stays the fallback and the
/// tests' oracle).
/// </summary>
public sealed class ReadFeedPage(IFeedStore store, IProfileSource profiles, HomeTimelines? timelines = null)
{
    /// <exception cref="FeedValidationException">The query is not valid (bad cursor or limit).</exception>
    public async Task<FeedPage> ReadAsync(string userId, FeedQuery? query, CancellationToken cancellationToken)
    {
        var (range, limit) = FeedValidation.Query(query);
        // One extra item tells whether there is more beyond this page.
        var posts = (timelines is null ? null : await timelines.ReadAsync(userId, range, limit + 1, cancellationToken))
            ?? await ReadFromStoreAsync(userId, range, limit + 1, cancellationToken);
        var hasMore = posts.Count > limit;
        var page = posts.Take(limit).ToList();
        string? next = hasMore ? page[^1].Position.Encode() : null;
        if (range.Ascending)
        {
            page.Reverse();
        }
        return new FeedPage(await FeedItems.BuildAsync(profiles, page, cancellationToken), next);
    }

    /// <summary>Fan-out on read: the user's and their followees' posts (the timelines' fallback and oracle).</summary>
    private async Task<IReadOnlyList<Post>> ReadFromStoreAsync(string userId, PostRange range, int take, CancellationToken cancellationToken)
    {
        var followees = await store.GetFolloweesAsync(userId, cancellationToken);
        var authors = new List<string>(followees.Count + 1) { userId };
        authors.AddRange(followees);
        return await store.GetPostsAsync(authors, range, take, cancellationToken);
    }
}
