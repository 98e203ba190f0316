namespace Feed.Core;

/// <summary>Who a follow or unfollow is about: a valid id, not the user, someone who exists.</summary>
internal static class FollowTarget
{
    public static async Task<string> CheckAsync(IFeedStore store, string userId, string? target, CancellationToken cancellationToken)
    {
        var followee = FeedValidation.UserId(target);
        if (string.Equals(followee, userId, StringComparison.Ordinal))
        {
            throw new FeedValidationException("userId", "you cannot follow or unfollow yourself");
        }
        _ = await store.FindUserAsync(followee, cancellationToken) ?? throw new UserNotFoundException(followee);
        return followee;
    }
}
