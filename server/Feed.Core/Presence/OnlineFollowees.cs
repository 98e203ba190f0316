namespace Feed.Core;

/// <summary>
/// <c>GetOnline()</c> and <c>GET /api/presence</c>: the people a user follows who are online. Only
/// followees are ever looked up, so nobody learns the presence of someone they do not follow.
/// </summary>
public sealed class OnlineFollowees(IFeedStore store, PresenceTracker presence)
{
    public async Task<OnlineUsers> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var followees = await store.GetFolloweesAsync(userId, cancellationToken).ConfigureAwait(false);
        return new OnlineUsers(await presence.OnlineAmongAsync(followees, cancellationToken).ConfigureAwait(false));
    }
}
