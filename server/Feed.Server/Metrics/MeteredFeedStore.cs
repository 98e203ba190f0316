using System.Diagnostics;
using Feed.Core;

namespace Feed.Server.Metrics;

/// <summary>
/// Times store calls for <see cref="FeedMetrics"/>: those of the feed service and of the store
/// profile source, which are given this rather than the registered <see cref="IFeedStore"/>, so
/// code that asks what kind of store it has (the demo seeder) still sees the real one.
/// </summary>
internal sealed class MeteredFeedStore(IFeedStore inner, FeedMetrics metrics) : IFeedStore
{
    public Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        TimeAsync("find_user", () => inner.FindUserAsync(userId, cancellationToken));

    public Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        TimeAsync("find_users", () => inner.FindUsersAsync(userIds, cancellationToken));

    public Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken) =>
        TimeAsync("ensure_user", () => inner.EnsureUserAsync(userId, cancellationToken));

    public Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken) =>
        TimeAsync("follow", () => inner.FollowAsync(follower, followee, cancellationToken));

    public Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken) =>
        TimeAsync("unfollow", () => inner.UnfollowAsync(follower, followee, cancellationToken));

    public Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) =>
        TimeAsync("get_followees", () => inner.GetFolloweesAsync(userId, cancellationToken));

    public Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken) =>
        TimeAsync("get_followers", () => inner.GetFollowersAsync(userId, cancellationToken));

    public Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken) =>
        TimeAsync("get_followed_among", () => inner.GetFollowedAmongAsync(follower, candidates, cancellationToken));

    public Task AddPostAsync(Post post, CancellationToken cancellationToken) =>
        TimeAsync("add_post", () => inner.AddPostAsync(post, cancellationToken));

    public Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken) =>
        TimeAsync("get_posts", () => inner.GetPostsAsync(authorIds, range, take, cancellationToken));

    public Task<IReadOnlyList<Post>> GetPostsByIdAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken) =>
        TimeAsync("get_posts_by_id", () => inner.GetPostsByIdAsync(postIds, cancellationToken));

    public Task CheckHealthAsync(CancellationToken cancellationToken) =>
        TimeAsync("check_health", () => inner.CheckHealthAsync(cancellationToken));

    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            var result = await call();
            ok = true;
            return result;
        }
        finally
        {
            metrics.StoreCallEnded(operation, start, ok);
        }
    }

    private Task TimeAsync(string operation, Func<Task> call) => TimeAsync(operation, async () =>
    {
        await call();
        return true;
    });
}
