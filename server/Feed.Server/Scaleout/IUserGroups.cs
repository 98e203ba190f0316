namespace Feed.Server.Scaleout;

/// <summary>
/// Changes the groups of every live connection of a user, wherever it is: on this instance
/// only with the in-process manager, on every instance with the Redis backplane. Returns once
/// the change is in effect, so a post made right after a follow reaches the follower.
/// </summary>
internal interface IUserGroups
{
    Task AddUserAsync(string userId, string group, CancellationToken cancellationToken);

    Task RemoveUserAsync(string userId, string group, CancellationToken cancellationToken);
}
