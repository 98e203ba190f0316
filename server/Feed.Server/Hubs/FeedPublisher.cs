using Feed.Core;
using Feed.Server.Api;

namespace Feed.Server.Hubs;

/// <summary>
/// Publishing, for the hub and the API alike: rate limit, store, then push the item to everyone
/// who sees the author's posts (<see cref="IFeedDelivery"/>). The item is built once and sent
/// once; the call returns without waiting for delivery.
/// </summary>
internal sealed class FeedPublisher(FeedService feed, PublishRateLimiter limiter, IFeedDelivery delivery, ServerStats stats)
{
    public async Task<FeedItem> PublishAsync(string authorId, string? text, CancellationToken cancellationToken)
    {
        // Validate before spending a token, so a rejected text does not cost the user budget.
        FeedValidation.PostText(text);
        limiter.Acquire(authorId);
        var item = await feed.PublishAsync(authorId, text, cancellationToken);
        Push(item);
        return item;
    }

    /// <summary>Sends <c>FeedUpdated([item])</c> to everyone who sees the author's posts.</summary>
    public void Push(FeedItem item)
    {
        stats.PostPublished();
        delivery.Publish(item);
    }
}
