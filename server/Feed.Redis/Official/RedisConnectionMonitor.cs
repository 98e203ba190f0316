using Feed.Redis.Internal.Backplane;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis;

/// <summary>
/// Whether a multiplexer can carry a backplane: every connection (interactive and subscription,
/// on every node) is up and, after an outage, its subscriptions are made again on every node. For a backplane Feed does not own (SignalR's own), so readiness and
/// Resync work the same as with Feed's: <see cref="Lost"/> and <see cref="Restored"/> fire once per
/// outage, off the multiplexer's threads, and are logged (events 101, 102).
/// </summary>
public sealed class RedisConnectionMonitor : IBackplaneStatus
{
    private readonly BackplaneState _state;

    public RedisConnectionMonitor(IConnectionMultiplexer redis, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _state = new BackplaneState(logger)
        {
            Lost = () => Lost?.Invoke(this, EventArgs.Empty),
            Restored = () => Restored?.Invoke(this, EventArgs.Empty),
        };
        _state.Attach(redis);
    }

    public bool IsConnected => _state.IsUp;

    public event EventHandler? Lost;

    /// <summary>Every connection is back (also the first connection when Redis was down at start).</summary>
    public event EventHandler? Restored;
}
