using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Feed.SignalR.Internal;

/// <summary>
/// What happens to a connection that stops reading: once <see cref="Backlog"/> messages wait
/// behind a write its full pipe holds up, it is aborted (its client reconnects and gap-fills),
/// so a slow reader never holds memory without bound nor delays anyone else.
/// </summary>
internal sealed class SlowConnectionPolicy(int backlog, ILogger logger, Action? dropped = null)
{
    public int Backlog => backlog;

    public void Drop(HubConnectionContext connection)
    {
        LocalDeliveryLog.SlowConnectionDropped(logger, connection.ConnectionId, connection.UserIdentifier, backlog);
        connection.Abort();
        dropped?.Invoke();
    }

    public void WriteFailed(HubConnectionContext connection, Exception e) =>
        LocalDeliveryLog.SendFailed(logger, connection.ConnectionId, e);

    /// <summary>Writing to the connection failed in a way nothing expects: drop it (first, so it
    /// goes even if logging fails too).</summary>
    public void Failed(HubConnectionContext connection, Exception e)
    {
        connection.Abort();
        LocalDeliveryLog.FlushFailed(logger, connection.ConnectionId, e);
    }
}
