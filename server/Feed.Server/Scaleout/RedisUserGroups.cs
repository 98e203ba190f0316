namespace Feed.Server.Scaleout;

/// <summary>
/// Several instances: one command over Redis makes every instance change its own connections
/// of the user, acknowledged by each (Feed's backplane does it itself; with SignalR's own, Feed's
/// user-group commands do). If Redis is down the change still applies here; the user's
/// connections elsewhere pick it up when they reconnect (they rejoin from the store).
/// </summary>
/// <param name="change">Adds (true) or removes (false) a user's connections everywhere to or from a group.</param>
internal sealed class RedisUserGroups(Func<string, string, bool, CancellationToken, Task> change, ILogger<RedisUserGroups> logger) : IUserGroups
{
    public Task AddUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        TolerateOutage(change(userId, group, true, cancellationToken), userId, group);

    public Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken) =>
        TolerateOutage(change(userId, group, false, cancellationToken), userId, group);

    private async Task TolerateOutage(Task change, string userId, string group)
    {
        try
        {
            await change;
        }
        catch (Exception e) when (e is Feed.Redis.BackplaneUnavailableException or TimeoutException)
        {
            ScaleoutLog.UserGroupChangeIncomplete(logger, userId, group, e.Message);
        }
    }
}
