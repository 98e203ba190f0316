using Feed.Redis;
using Microsoft.Extensions.Options;

namespace Feed.Server.Hubs;

/// <summary>
/// Local delivery with the feed's limit: makes the store of this instance's connections
/// (<see cref="LocalHubConnections"/>, shared by the in-process and the Redis lifetime managers)
/// that never waits for a write and drops a connection once
/// <see cref="FeedLimitsOptions.SendBacklog"/> writes are waiting for it.
/// </summary>
internal sealed class BoundedSender(IOptions<FeedLimitsOptions> limits, ILoggerFactory loggers)
{
    public int Backlog => limits.Value.SendBacklog;

    public LocalHubConnections CreateConnections() =>
        new(Backlog, loggers.CreateLogger<BoundedSender>());
}
