using Feed.Redis;
using Feed.SignalR;
using OpenTelemetry.Metrics;

namespace Feed.Server.Metrics;

/// <summary>
/// Puts every series of Feed's meter on the first scrape, before anything has happened
/// (Prometheus practice: a new instance exports its known series at 0, so <c>rate()</c> and
/// alerts see the first increment). Counters record 0 once the exporter listens: it hears nothing
/// recorded before it is built. OpenTelemetry exports no empty histogram, so the store's duration
/// gets its first observation from one store check at startup (operation <c>check_health</c>).
/// </summary>
internal sealed partial class KnownSeries(IServiceProvider services, FeedMetrics metrics, MeteredFeedStore store, ILogger<KnownSeries> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = services.GetRequiredService<MeterProvider>();
        metrics.StartAtZero();
        // The engine's and the backplane's, when this set-up has them (not with SignalR's own managers).
        services.GetService<DeliveryMetrics>()?.StartAtZero();
        services.GetService<BackplaneMetrics>()?.StartAtZero();
        // Home timelines', unless Feed:Timelines:Enabled is false.
        services.GetService<Feed.Core.TimelineMetrics>()?.StartAtZero();
        try
        {
            await store.CheckHealthAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Timed as an error all the same; /readyz reports the store until it answers.
            StoreCheckFailed(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "The store did not answer the startup check: {Reason}")]
    private static partial void StoreCheckFailed(ILogger logger, string reason);
}
