using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR;

/// <summary>
/// Sends to audiences: named sets of users that the application resolves
/// (<see cref="IAudienceResolver"/>), instead of groups that every connection joins. A
/// connection joins nothing when it connects, so its cost does not grow with the audiences its
/// user is in (a user following 1,000 authors is in 1,000 audiences and holds no state for them).
/// Feed's lifetime managers implement it, in process and across instances.
/// </summary>
public interface IHubAudiences<THub>
    where THub : Hub
{
    /// <summary>
    /// Sends to every connection of every user in the audience, on every instance, once each;
    /// serialized once per protocol. Returns without waiting for the connections.
    /// </summary>
    Task SendAsync(string audience, string methodName, object?[] args, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells every instance that a user joined or left an audience (<see cref="IAudienceResolver.Apply"/>);
    /// returns once every instance has applied it, so a send made after it reaches the new audience.
    /// </summary>
    Task ChangeAsync(string audience, string userId, bool member, CancellationToken cancellationToken = default);
}
