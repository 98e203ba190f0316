namespace Feed.Core;

/// <summary>
/// Ends a follow (<c>Unfollow</c>, <c>DELETE /api/follows/{userId}</c>): checks the target, removes
/// the follow (and the followee's posts from the home timeline), then returns once no live
/// connection of the user gets the followee's posts.
/// </summary>
public sealed class UnfollowUser(IFeedStore store, IFeedDelivery delivery, HomeTimelines? timelines = null)
{
    /// <returns>False if there was no follow.</returns>
    /// <exception cref="FeedValidationException">The target is not a valid user id, or is the user.</exception>
    /// <exception cref="UserNotFoundException">Nobody has that id.</exception>
    public async Task<bool> UnfollowAsync(string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = await FollowTarget.CheckAsync(store, userId, target, cancellationToken);
        var unfollowed = await store.UnfollowAsync(userId, followee, cancellationToken);
        if (unfollowed && timelines is not null)
        {
            await timelines.UnfollowedAsync(userId, followee);
        }
        await delivery.UnfollowedAsync(userId, followee, cancellationToken);
        return unfollowed;
    }
}
