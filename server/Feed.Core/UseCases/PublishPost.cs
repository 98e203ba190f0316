namespace Feed.Core;

/// <summary>
/// Publishes a post (<c>Publish</c>, <c>POST /api/posts</c>, the demo's activity): validates the
/// text, takes one of the author's publish tokens, stores the post (and queues its fan-out to home
/// timelines), then hands the item to live delivery, which pushes <c>FeedUpdated([item])</c> to
/// everyone who sees the author's posts. The item is built once and sent once; the call returns
/// without waiting for delivery.
/// </summary>
public sealed class PublishPost(IFeedStore store, IProfileSource profiles, TimeProvider time, PublishRateLimiter limiter, IFeedDelivery delivery,
    HomeTimelines? timelines = null)
{
    /// <exception cref="FeedValidationException">The text is empty or too long.</exception>
    /// <exception cref="RateLimitedException">The author is over their publish budget.</exception>
    public Task<FeedItem> PublishAsync(string authorId, string? text, CancellationToken cancellationToken) =>
        PublishAsync(authorId, text, rateLimited: true, cancellationToken);

    /// <param name="rateLimited">False for posts nobody requested (the demo's activity on a timer).</param>
    public async Task<FeedItem> PublishAsync(string authorId, string? text, bool rateLimited, CancellationToken cancellationToken)
    {
        // Validate before spending a token, so a rejected text does not cost the user budget.
        var trimmed = FeedValidation.PostText(text);
        if (rateLimited)
        {
            limiter.Acquire(authorId);
        }
        var now = time.GetUtcNow();
        var post = new Post(PostId.New(now), authorId, trimmed, now.ToUnixTimeMilliseconds());
        await store.AddPostAsync(post, cancellationToken);
        if (timelines is not null)
        {
            await timelines.PostedAsync(post);
        }
        var authors = await profiles.GetAuthorsAsync([authorId], cancellationToken);
        var item = FeedItems.Item(post, authors[authorId]);
        delivery.Publish(item);
        return item;
    }
}
