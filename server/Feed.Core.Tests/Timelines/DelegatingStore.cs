using Feed.Core;

namespace Feed.Core.Tests.Timelines;

/// <summary>The in-memory store behind a class whose calls a test overrides one at a time (to hold or fail them).</summary>
internal class DelegatingStore : IFeedStore
{
    public InMemoryFeedStore Inner { get; } = new();

    public virtual Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken) =>
        Inner.GetPostsAsync(authorIds, range, take, cancellationToken);

    public virtual Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken) => Inner.GetFollowersAsync(userId, cancellationToken);

    public Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken) => Inner.FindUserAsync(userId, cancellationToken);

    public Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) => Inner.FindUsersAsync(userIds, cancellationToken);

    public Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken) => Inner.EnsureUserAsync(userId, cancellationToken);

    public Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken) => Inner.FollowAsync(follower, followee, cancellationToken);

    public Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken) => Inner.UnfollowAsync(follower, followee, cancellationToken);

    public virtual Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) => Inner.GetFolloweesAsync(userId, cancellationToken);

    public virtual Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken) =>
        Inner.GetFollowedAmongAsync(follower, candidates, cancellationToken);

    public Task AddPostAsync(Post post, CancellationToken cancellationToken) => Inner.AddPostAsync(post, cancellationToken);

    public Task<IReadOnlyList<Post>> GetPostsByIdAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken) => Inner.GetPostsByIdAsync(postIds, cancellationToken);

    public Task CheckHealthAsync(CancellationToken cancellationToken) => Inner.CheckHealthAsync(cancellationToken);
}
