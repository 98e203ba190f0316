using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Api;

/// <summary>
/// Live counters of this instance: hub connections and posts. Published as the
/// <c>Feed.Server</c> meter (for dotnet-counters / OpenTelemetry) and by <c>/api/admin/stats</c>.
/// </summary>
internal sealed class ServerStats : IDisposable
{
    public const string MeterName = "Feed.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _published;
    private long _connections;
    private long _connectionsOpened;
    private long _posts;

    public ServerStats()
    {
        _meter.CreateObservableUpDownCounter("feed.hub.connections", () => Connections, description: "Open hub connections");
        _published = _meter.CreateCounter<long>("feed.posts.published", description: "Posts published");
    }

    public long Connections => Interlocked.Read(ref _connections);

    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    public long PostsPublished => Interlocked.Read(ref _posts);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _connectionsOpened);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    public void PostPublished()
    {
        Interlocked.Increment(ref _posts);
        _published.Add(1);
    }

    public void Dispose() => _meter.Dispose();
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
