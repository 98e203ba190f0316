using Feed.Core;
using Feed.Server.Api;
using Feed.Server.Hubs;
using Feed.Redis;
using Feed.Server.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Delivery;

/// <summary>
/// When the Redis backplane is back after an outage, pushes were lost between instances: every
/// client is told to <c>Resync()</c> (it gap-fills with <c>GetFeed({after})</c>). The send goes to
/// all, so the other instances' clients resync too, also when only this instance lost Redis.
/// A send that fails (a publish timing out while Redis works through the commands queued during
/// the outage; on SignalR's own backplane even this instance's clients hear it only through
/// Redis) is tried again while the backplane stays up: a Resync nobody hears leaves clients
/// missing posts for good. Starting this also starts the backplane, so /readyz is right from the
/// first request, and hands its state to the feed_backplane_up gauge.
/// </summary>
internal sealed class BackplaneResync(IBackplaneStatus backplane, IHubContext<FeedHub> hub, ServerStats stats, FeedMetrics metrics,
    TimeProvider time, ILogger<BackplaneResync> logger) : IHostedService
{
    internal const int MaxAttempts = 6;
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

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
        var retry = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await hub.Clients.All.SendAsync(FeedHubMethods.Resync);
                DeliveryLog.ResyncSent(logger, stats.Connections, attempt);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && backplane.IsConnected)
            {
                DeliveryLog.ResyncRetrying(logger, attempt, retry, ex);
            }
            catch (Exception ex)
            {
                // Down again: the next Restored sends it. Out of attempts: say so loudly.
                DeliveryLog.ResyncFailed(logger, attempt, ex);
                return;
            }
            try
            {
                await Task.Delay(retry, time);
            }
            catch (Exception ex)
            {
                DeliveryLog.ResyncFailed(logger, attempt, ex);
                return;
            }
            retry *= 2;
        }
    }
}
