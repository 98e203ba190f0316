namespace Feed.Redis;

/// <summary>
/// Whether the backplane carries messages between instances, whichever backplane it is: Feed's
/// (<see cref="RedisHubLifetimeManager{THub}"/> knows its own state) or SignalR's own (the shared
/// multiplexer's <see cref="RedisConnectionMonitor"/> does). Each backplane's <c>AddXxx</c> registers it.
/// </summary>
public interface IBackplaneStatus
{
    bool IsConnected { get; }

    /// <summary>The backplane is back after an outage (or connected late): messages were lost meanwhile.</summary>
    event EventHandler? Restored;
}
