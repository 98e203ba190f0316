namespace Feed.Core;

/// <summary>
/// Where users, follows and posts live. Implementations are thread-safe and every call may be
/// made concurrently with any other. A write is visible to every read that starts after it
/// completes. Failures to reach the backing store surface as <see cref="StoreUnavailableException"/>.
/// Callers validate ids and text first (<see cref="FeedValidation"/>); stores do not re-check.
/// </summary>
public interface IFeedStore
{
    Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The profiles of those ids that exist; unknown ids are left out.</summary>
    Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>Creates the user (display name = id) unless it exists; returns the stored profile.</summary>
    Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Adds the follow; false when it existed already (follows are unique).</summary>
    Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken);

    /// <summary>Removes the follow; false when there was none.</summary>
    Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Everyone who follows <paramref name="userId"/> (the live fan-out's audience of the user's posts).</summary>
    Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken);

    Task AddPostAsync(Post post, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> posts by any of <paramref name="authorIds"/> within
    /// <paramref name="range"/>, ordered by (createdAt, id): newest first, or oldest first when
    /// <see cref="PostRange.Ascending"/> (a gap-fill after a cursor).
    /// </summary>
    Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken);

    /// <summary>
    /// The posts with these ids, in no particular order; unknown ids are left out (a home
    /// timeline's page). Stores written before home timelines may lack it; those cannot serve them.
    /// </summary>
    Task<IReadOnlyList<Post>> GetPostsByIdAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot read posts by id; home timelines need it (or set Feed:Timelines:Enabled=false)");

    /// <summary>
    /// Which of <paramref name="candidates"/> <paramref name="follower"/> follows: a home timeline
    /// page checks its few authors this way, at a cost set by the page, not by how many accounts the
    /// user follows. The default reads every followee.
    /// </summary>
    async Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
    {
        var followees = await GetFolloweesAsync(follower, cancellationToken);
        return followees.Where(candidates.Contains).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Throws when the store cannot serve requests (readiness).</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}
