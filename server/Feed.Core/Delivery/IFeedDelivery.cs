namespace Feed.Core;

/// <summary>
/// The delivery port: what the use cases need from live delivery. Push a post to everyone who
/// sees it, keep each user's live connections receiving what they follow, and tell followers who
/// came online. One implementation per delivery stack, in Feed.SignalR: <c>AudienceDelivery</c>
/// (Feed's engine, in process and on Feed's Redis backplane) and <c>GroupDelivery</c> (SignalR's
/// own lifetime managers: stock, and the official Redis backplane). The host picks one.
/// </summary>
public interface IFeedDelivery
{
    /// <summary>A connection of the user opened on this instance.</summary>
    Task ConnectedAsync(string userId, string connectionId, CancellationToken cancellationToken);

    void Disconnected(string userId, string connectionId);

    /// <summary>The follow is stored; returns once every live connection of the user, on every instance, gets the followee's posts.</summary>
    Task FollowedAsync(string userId, string followee, CancellationToken cancellationToken);

    /// <summary>The unfollow is stored; returns once no live connection of the user gets the followee's posts.</summary>
    Task UnfollowedAsync(string userId, string followee, CancellationToken cancellationToken);

    /// <summary>Sends <c>FeedUpdated([item])</c> to every connection of the author and of each follower; does not wait for them.</summary>
    void Publish(FeedItem item);

    /// <summary>Sends <c>PresenceChanged({ userId, online })</c> to every connection of each follower of the user (not to the user); does not wait.</summary>
    void Presence(string userId, bool online);
}
