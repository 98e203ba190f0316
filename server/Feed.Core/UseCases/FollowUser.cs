namespace Feed.Core;

/// <summary>
/// Makes a user follow another (<c>Follow</c>, <c>PUT /api/follows/{userId}</c>): checks the target,
/// stores the follow (and adds the followee's posts to the home timeline), then returns once every
/// live connection of the user, on every instance, gets the followee's posts.
/// </summary>
public sealed class FollowUser(IFeedStore store, IFeedDelivery delivery, HomeTimelines? timelines = null)
{
    /// <returns>False if the user already followed the target.</returns>
    /// <exception cref="FeedValidationException">The target is not a valid user id, or is the user.</exception>
    /// <exception cref="UserNotFoundException">Nobody has that id.</exception>
    public async Task<bool> FollowAsync(string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = await FollowTarget.CheckAsync(store, userId, target, cancellationToken);
        var followed = await store.FollowAsync(userId, followee, cancellationToken);
        if (followed && timelines is not null)
        {
            await timelines.FollowedAsync(userId, followee);
        }
        await delivery.FollowedAsync(userId, followee, cancellationToken);
        return followed;
    }
}
