using Feed.Core;

namespace Feed.Mongo;

/// <summary>
/// Keeps the indexes in place: creates them in the background at startup, retrying with
/// backoff until MongoDB answers (so the server starts, and reports not ready, while the
/// database is down), and again each time the driver sees a server come back, since it may be
/// a new one without them. A refusal (e.g. the follows hold a duplicate pair) is logged with
/// its cause and tried again on the same backoff, so the index appears once someone fixes the data.
/// </summary>
internal sealed class MongoIndexMaintainer(MongoFeedStore store, MongoServerEvents events, TimeProvider time, ILogger<MongoIndexMaintainer> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first network call.
        await Task.Yield();
        try
        {
            while (true)
            {
                // Taken before ensuring, so a server that comes back meanwhile triggers another pass.
                var reconnected = events.NextConnectAsync();
                await EnsureWithRetriesAsync(stoppingToken);
                await reconnected.WaitAsync(stoppingToken);
                store.IndexesMayBeMissing();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EnsureWithRetriesAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (true)
        {
            try
            {
                await store.EnsureIndexesAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (MongoStoreErrors.IsRefusal(e))
            {
                MongoStoreLog.IndexesRefused(logger, retry, e.Message);
            }
            catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, stoppingToken) || e is StoreUnavailableException)
            {
                MongoStoreLog.IndexesPending(logger, retry, e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything else: this loop is the only thing that keeps the indexes, so it goes on.
                MongoStoreLog.IndexUpkeepFailed(logger, retry, e);
            }
            await Task.Delay(retry, time, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }
}
