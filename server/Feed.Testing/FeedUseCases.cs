using Feed.Core;

namespace Feed.Testing;

/// <summary>
/// The domain's use cases over one store, as the store and timeline tests drive them: no live
/// connections (deliveries go nowhere) and no publish rate limit (tests post as fast as they like).
/// </summary>
public sealed class FeedUseCases(IFeedStore store, IProfileSource profiles, TimeProvider time, HomeTimelines? timelines = null)
{
    private static readonly PublishRateLimiter Unused = new(burst: 1, perSecond: 1);

    private readonly ReadFeedPage _read = new(store, profiles, timelines);
    private readonly PublishPost _publish = new(store, profiles, time, Unused, NoDelivery.Instance, timelines);
    private readonly FollowUser _follow = new(store, NoDelivery.Instance, timelines);
    private readonly UnfollowUser _unfollow = new(store, NoDelivery.Instance, timelines);

    public Task<FeedPage> GetFeedAsync(string userId, FeedQuery? query, CancellationToken cancellationToken) =>
        _read.ReadAsync(userId, query, cancellationToken);

    public Task<FeedItem> PublishAsync(string authorId, string? text, CancellationToken cancellationToken) =>
        _publish.PublishAsync(authorId, text, rateLimited: false, cancellationToken);

    public Task<bool> FollowAsync(string userId, string? target, CancellationToken cancellationToken) =>
        _follow.FollowAsync(userId, target, cancellationToken);

    public Task<bool> UnfollowAsync(string userId, string? target, CancellationToken cancellationToken) =>
        _unfollow.UnfollowAsync(userId, target, cancellationToken);

    private sealed class NoDelivery : IFeedDelivery
    {
        public static readonly NoDelivery Instance = new();

        public Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Disconnected(string userId, string connectionId)
        {
        }

        public Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Publish(FeedItem item)
        {
        }

        public void Presence(string userId, bool online)
        {
        }
    }
}
