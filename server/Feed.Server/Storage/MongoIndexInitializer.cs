using Feed.Core;

namespace Feed.Server.Storage;

/// <summary>
/// Creates the MongoDB indexes in the background, retrying with backoff until MongoDB answers,
/// so the server starts (and reports not ready) while the database is down.
/// </summary>
internal sealed class MongoIndexInitializer(MongoFeedStore store, TimeProvider time, ILogger<MongoIndexInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first network call.
        await Task.Yield();
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.EnsureIndexesAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (MongoStoreErrors.IsStoreFailure(e, stoppingToken) || e is StoreUnavailableException)
            {
                MongoStoreLog.IndexesPending(logger, retry, e.Message);
            }
            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }
}
