using Feed.Redis;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Scaleout;

/// <summary>Feed's backplane knows its own state: it counts what it could not publish, too.</summary>
internal sealed class FeedBackplaneStatus(RedisHubLifetimeManager<FeedHub> manager) : IBackplaneStatus
{
    private readonly RedisHubLifetimeManager<FeedHub> _manager = manager;

    public bool IsConnected => _manager.IsBackplaneConnected;

    public event EventHandler? Restored
    {
        add => _manager.BackplaneRestored += value;
        remove => _manager.BackplaneRestored -= value;
    }
}

/// <summary>SignalR's own backplane says nothing of its state: the shared multiplexer's events do.</summary>
internal sealed class OfficialBackplaneStatus(RedisConnectionMonitor monitor) : IBackplaneStatus
{
    public bool IsConnected => monitor.IsConnected;

    public event EventHandler? Restored
    {
        add => monitor.Restored += value;
        remove => monitor.Restored -= value;
    }
}
