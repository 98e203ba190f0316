namespace Feed.Core;

/// <summary>A user's profile by id (<c>GET /api/users/{userId}</c>).</summary>
public sealed class FindUser(IFeedStore store)
{
    /// <exception cref="FeedValidationException">Not a valid user id.</exception>
    /// <exception cref="UserNotFoundException">Nobody has that id.</exception>
    public async Task<UserProfile> FindAsync(string? userId, CancellationToken cancellationToken)
    {
        var id = FeedValidation.UserId(userId);
        return await store.FindUserAsync(id, cancellationToken) ?? throw new UserNotFoundException(id);
    }
}
