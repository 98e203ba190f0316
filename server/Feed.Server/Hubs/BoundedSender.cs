using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Feed.Server.Hubs;

/// <summary>
/// Writes one already-serialized message to a connection without waiting for it. A connection
/// that stops reading accumulates waiting writes; past <see cref="FeedLimitsOptions.SendBacklog"/>
/// it is aborted, so a slow reader never holds memory without bound nor delays anyone else.
/// </summary>
internal sealed class BoundedSender(IOptions<FeedLimitsOptions> limits, ILogger<BoundedSender> logger)
{
    private readonly int _backlog = limits.Value.SendBacklog;

    public void Send(LocalConnection connection, SerializedHubMessage message)
    {
        if (connection.PendingWrites >= _backlog)
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
            HubLog.SendFailed(logger, connection.Id, e);
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
            HubLog.SendFailed(logger, connection.Id, e);
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
            HubLog.SlowConnectionDropped(logger, connection.Id, connection.Context.UserIdentifier, _backlog);
            connection.Context.Abort();
        }
    }
}
