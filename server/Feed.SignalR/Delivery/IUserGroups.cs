namespace Feed.SignalR.Delivery;

/// <summary>
/// Changes the groups of every live connection of a user, wherever it is: on this instance
/// only with SignalR's stock manager (<see cref="LocalUserGroups{THub}"/>), on every instance with
/// SignalR's own Redis backplane (Feed.Redis's <c>RedisUserGroupCommands</c>). Returns once
/// the change is in effect, so a post made right after a follow reaches the follower.
/// </summary>
public interface IUserGroups
{
    Task AddUserAsync(string userId, string group, CancellationToken cancellationToken);

    Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken);
}
