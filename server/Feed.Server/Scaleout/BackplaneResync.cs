using Feed.Core;
using Feed.Server.Api;
using Feed.Server.Hubs;
using Feed.Server.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Scaleout;

/// <summary>
/// When the Redis backplane is back after an outage, pushes were lost between instances: every
/// client is told to <c>Resync()</c> (it gap-fills with <c>GetFeed({after})</c>). The send goes to
/// all, so the other instances' clients resync too, also when only this instance lost Redis.
/// Starting this also starts the backplane, so /readyz is right from the first request, and
/// hands its state to the feed_backplane_up gauge.
/// </summary>
internal sealed class BackplaneResync(IBackplaneStatus backplane, IHubContext<FeedHub> hub, ServerStats stats, FeedMetrics metrics, ILogger<BackplaneResync> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        backplane.Restored += OnRestored;
        metrics.ObserveBackplane(() => backplane.IsConnected);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        backplane.Restored -= OnRestored;
        return Task.CompletedTask;
    }

    private async void OnRestored(object? sender, EventArgs e)
    {
        try
        {
            await hub.Clients.All.SendAsync(FeedHubMethods.Resync);
            ScaleoutLog.ResyncSent(logger, stats.Connections);
        }
        catch (Exception ex)
        {
            ScaleoutLog.ResyncFailed(logger, ex);
        }
    }
}
