using Feed.Redis;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Scaleout;

/// <summary>
/// Several instances: one command over Redis makes every instance change its own connections
/// of the user, acknowledged by each. If Redis is down the change still applies here; the
/// user's connections elsewhere pick it up when they reconnect (they rejoin from the store).
/// </summary>
internal sealed class RedisUserGroups(HubLifetimeManager<FeedHub> manager, ILogger<RedisUserGroups> logger) : IUserGroups
{
    private readonly RedisHubLifetimeManager<FeedHub> _manager = (RedisHubLifetimeManager<FeedHub>)manager;

    public Task AddUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        TolerateOutage(_manager.AddUserToGroupAsync(userId, group, cancellationToken), userId, group);

    public Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        TolerateOutage(_manager.RemoveUserFromGroupAsync(userId, group, cancellationToken), userId, group);

    private async Task TolerateOutage(Task change, string userId, string group)
    {
        try
        {
            await change;
        }
        catch (Exception e) when (e is BackplaneUnavailableException or TimeoutException)
        {
            ScaleoutLog.UserGroupChangeIncomplete(logger, userId, group, e.Message);
        }
    }
}
