using Feed.Server.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Api;

/// <summary>
/// Live counters of this instance: hub connections and posts, read by <c>/api/admin/stats</c>
/// and passed on to <see cref="FeedMetrics"/> (the <c>Feed</c> meter).
/// </summary>
internal sealed class ServerStats(FeedMetrics metrics)
{
    private long _connections;
    private long _connectionsOpened;
    private long _posts;

    public long Connections => Interlocked.Read(ref _connections);

    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    public long PostsPublished => Interlocked.Read(ref _posts);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _connectionsOpened);
        metrics.ConnectionOpened();
    }

    public void ConnectionClosed()
    {
        Interlocked.Decrement(ref _connections);
        metrics.ConnectionClosed();
    }

    public void PostPublished()
    {
        Interlocked.Increment(ref _posts);
        metrics.PostPublished();
    }
}

/// <summary>Counts hub connections for <see cref="ServerStats"/>.</summary>
internal sealed class ConnectionCountingHubFilter(ServerStats stats) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        stats.ConnectionOpened();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        stats.ConnectionClosed();
        await next(context, exception);
    }
}
