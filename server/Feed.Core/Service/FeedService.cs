namespace Feed.Core;

/// <summary>
/// The feed's use cases, shared by the hub and the HTTP API: read a page, publish, follow.
/// Validates every input (throwing <see cref="FeedValidationException"/> or
/// <see cref="UserNotFoundException"/> before anything is written) and builds items with
/// their authors' profiles. Delivery to live connections is the caller's business. With
/// <paramref name="timelines"/>, pages come from home timelines when they can vouch for them,
/// and publish, follow and unfollow keep the timelines current; without, every page is the
/// fan-out-on-read store query (which also stays the fallback).
/// </summary>
public sealed class FeedService(IFeedStore store, IProfileSource profiles, TimeProvider time, HomeTimelines? timelines = null)
{
    public async Task<FeedPage> GetFeedAsync(string userId, FeedQuery? query, CancellationToken cancellationToken)
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
        return new FeedPage(await BuildItemsAsync(page, cancellationToken), next);
    }

    /// <summary>Fan-out on read: the user's and their followees' posts (the timelines' fallback and oracle).</summary>
    private async Task<IReadOnlyList<Post>> ReadFromStoreAsync(string userId, PostRange range, int take, CancellationToken cancellationToken)
    {
        var followees = await store.GetFolloweesAsync(userId, cancellationToken);
        var authors = new List<string>(followees.Count + 1) { userId };
        authors.AddRange(followees);
        return await store.GetPostsAsync(authors, range, take, cancellationToken);
    }

    /// <summary>Stores a new post by <paramref name="authorId"/> and returns it as a feed item.</summary>
    public async Task<FeedItem> PublishAsync(string authorId, string? text, CancellationToken cancellationToken)
    {
        var trimmed = FeedValidation.PostText(text);
        var now = time.GetUtcNow();
        var post = new Post(PostId.New(now), authorId, trimmed, now.ToUnixTimeMilliseconds());
        await store.AddPostAsync(post, cancellationToken);
        if (timelines is not null)
        {
            await timelines.PostedAsync(post);
        }
        var authors = await profiles.GetAuthorsAsync([authorId], cancellationToken);
        return ToItem(post, authors[authorId]);
    }

    /// <summary>Makes <paramref name="userId"/> follow <paramref name="target"/>; false if already.</summary>
    public async Task<bool> FollowAsync(string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = await CheckTargetAsync(userId, target, cancellationToken);
        var followed = await store.FollowAsync(userId, followee, cancellationToken);
        if (followed && timelines is not null)
        {
            await timelines.FollowedAsync(userId, followee);
        }
        return followed;
    }

    /// <summary>Ends a follow; false if there was none.</summary>
    public async Task<bool> UnfollowAsync(string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = await CheckTargetAsync(userId, target, cancellationToken);
        var unfollowed = await store.UnfollowAsync(userId, followee, cancellationToken);
        if (unfollowed && timelines is not null)
        {
            await timelines.UnfollowedAsync(userId, followee);
        }
        return unfollowed;
    }

    public async Task<UserProfile> GetUserAsync(string? userId, CancellationToken cancellationToken)
    {
        var id = FeedValidation.UserId(userId);
        return await store.FindUserAsync(id, cancellationToken) ?? throw new UserNotFoundException(id);
    }

    public Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) =>
        store.GetFolloweesAsync(userId, cancellationToken);

    private async Task<string> CheckTargetAsync(string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = FeedValidation.UserId(target);
        if (string.Equals(followee, userId, StringComparison.Ordinal))
        {
            throw new FeedValidationException("userId", "you cannot follow or unfollow yourself");
        }
        _ = await store.FindUserAsync(followee, cancellationToken) ?? throw new UserNotFoundException(followee);
        return followee;
    }

    private async Task<IReadOnlyList<FeedItem>> BuildItemsAsync(List<Post> posts, CancellationToken cancellationToken)
    {
        if (posts.Count == 0)
        {
            return [];
        }
        var authorIds = posts.Select(p => p.AuthorId).Distinct(StringComparer.Ordinal).ToList();
        var authors = await profiles.GetAuthorsAsync(authorIds, cancellationToken);
        return posts.ConvertAll(p => ToItem(p, authors[p.AuthorId]));
    }

    private static FeedItem ToItem(Post post, AuthorProfile author) =>
        new(post.Id, post.Position.Encode(), post.AuthorId, author, post.Text, post.CreatedAt);
}
