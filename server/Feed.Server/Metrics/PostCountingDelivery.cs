using Feed.Core;
using Feed.Server.Api;

namespace Feed.Server.Metrics;

/// <summary>
/// Counts published posts (<see cref="ServerStats.PostsPublished"/>, <c>feed.posts.published</c>) where
/// every publish passes once, whoever made it: on its way to live delivery. Everything else goes straight through.
/// </summary>
internal sealed class PostCountingDelivery(IFeedDelivery inner, ServerStats stats) : IFeedDelivery
{
    public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) =>
        inner.ConnectedAsync(userId, connectionId, cancellationToken);

    public void Disconnected(string userId, string connectionId) => inner.Disconnected(userId, connectionId);

    public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        inner.FollowedAsync(userId, followee, cancellationToken);

    public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) =>
        inner.UnfollowedAsync(userId, followee, cancellationToken);

    public void Publish(FeedItem item)
    {
        stats.PostPublished();
        inner.Publish(item);
    }

    public void Presence(string userId, bool online) => inner.Presence(userId, online);
}
