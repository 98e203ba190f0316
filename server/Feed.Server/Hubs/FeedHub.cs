using Feed.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Hubs;

/// <summary>
/// The feed hub at <c>/hubs/feed</c>. The caller is always the token's user; no method takes
/// a user id for "me". Errors are turned into <see cref="HubException"/>s naming the problem
/// by <see cref="FeedErrorsHubFilter"/>; the connection stays up.
/// </summary>
[Authorize]
internal sealed class FeedHub(ReadFeedPage read, PublishPost publish, FollowUser follow, UnfollowUser unfollow, IFeedDelivery delivery,
    PresenceTracker presence, OnlineFollowees online) : Hub
{
    private readonly ReadFeedPage _read = read;
    private readonly PublishPost _publish = publish;
    private readonly FollowUser _follow = follow;
    private readonly UnfollowUser _unfollow = unfollow;
    private readonly IFeedDelivery _delivery = delivery;
    private readonly PresenceTracker _presence = presence;
    private readonly OnlineFollowees _online = online;

    private string Me => Context.UserIdentifier ?? throw new HubException("the connection has no user");

    public override async Task OnConnectedAsync()
    {
        await _delivery.ConnectedAsync(Me, Context.ConnectionId, Context.ConnectionAborted);
        // Only once the connection is set up: SignalR does not call OnDisconnectedAsync after a failed OnConnectedAsync.
        _presence.Connected(Me);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _presence.Disconnected(Me);
        _delivery.Disconnected(Me, Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>The people the caller follows who are online on any instance, sorted by id.</summary>
    public Task<OnlineUsers> GetOnline() =>
        _online.GetAsync(Me, Context.ConnectionAborted);

    public Task<FeedPage> GetFeed(FeedQuery? query) =>
        _read.ReadAsync(Me, query, Context.ConnectionAborted);

    public Task<FeedItem> Publish(PublishRequest? request) =>
        _publish.PublishAsync(Me, request?.Text, Context.ConnectionAborted);

    // The contract returns nothing: whether a follow was new is not the client's business.
    public async Task Follow(string? userId) =>
        await _follow.FollowAsync(Me, userId, Context.ConnectionAborted);

    public async Task Unfollow(string? userId) =>
        await _unfollow.UnfollowAsync(Me, userId, Context.ConnectionAborted);
}
