using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal.Local;

/// <summary>
/// Writes one already-serialized message to a connection without waiting for it. A connection
/// that stops reading accumulates waiting writes; past the backlog it is aborted, so a slow
/// reader never holds memory without bound nor delays anyone else.
/// </summary>
internal sealed class BoundedSender(int backlog, ILogger logger)
{
    public int Backlog => backlog;

    public void Send(LocalConnection connection, SerializedHubMessage message)
    {
        if (connection.PendingWrites >= backlog)
        {
            Drop(connection);
            return;
        }

        ValueTask write;
        try
        {
            write = connection.Context.WriteAsync(message);
        }
        catch (Exception e)
        {
            LocalDeliveryLog.SendFailed(logger, connection.Id, e);
            return;
        }
        if (write.IsCompletedSuccessfully)
        {
            return;
        }
        connection.IncrementPending();
        _ = AwaitWriteAsync(connection, write);
    }

    private async Task AwaitWriteAsync(LocalConnection connection, ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception e)
        {
            LocalDeliveryLog.SendFailed(logger, connection.Id, e);
        }
        finally
        {
            connection.DecrementPending();
        }
    }

    private void Drop(LocalConnection connection)
    {
        if (connection.MarkDropped())
        {
            LocalDeliveryLog.SlowConnectionDropped(logger, connection.Id, connection.Context.UserIdentifier, backlog);
            connection.Context.Abort();
        }
    }
}
