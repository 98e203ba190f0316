using Feed.Core;
using Feed.Server.Api;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Hubs;

/// <summary>
/// Publishing, for the hub and the API alike: rate limit, store, then push the item to the
/// author's feed group. The item is built once and sent once (to one group); the call returns
/// without waiting for delivery.
/// </summary>
internal sealed class FeedPublisher(FeedService feed, PublishRateLimiter limiter, IHubContext<FeedHub> hub, ServerStats stats, ILogger<FeedPublisher> logger)
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
        var group = FeedGroups.Feed(item.AuthorId);
        var send = hub.Clients.Group(group).SendAsync(FeedHubMethods.FeedUpdated, new[] { item }, CancellationToken.None);
        if (!send.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(send, group);
        }
    }

    private async Task ObserveAsync(Task send, string group)
    {
        try
        {
            await send;
        }
        catch (Exception e)
        {
            HubLog.GroupSendFailed(logger, FeedHubMethods.FeedUpdated, group, e);
        }
    }
}
