namespace Feed.Core;

/// <summary>Told by <see cref="PresenceTracker"/> what its followers and its metrics need to know.</summary>
public interface IPresenceListener
{
    /// <summary>The user's first connection on any instance opened (<paramref name="online"/> true) or the last one closed.</summary>
    void PresenceChanged(string userId, bool online);

    /// <summary>This instance's number of distinct connected users went up (+1) or down (-1).</summary>
    void LocalUsersChanged(int delta);
}
