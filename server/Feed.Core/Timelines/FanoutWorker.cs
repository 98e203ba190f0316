using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// Runs fan-out jobs off the publish call, one after another, on every instance. A job that fails
/// is logged and handed back to the queue (it runs again later); the loop itself logs whatever it
/// did not expect and goes on, backing off while the queue cannot be reached (a Redis restart).
/// </summary>
public sealed class FanoutWorker(IFanoutQueue queue, HomeTimelines timelines, TimeProvider time, ILogger<FanoutWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedJob> jobs;
            try
            {
                jobs = await queue.TakeAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TimelineUnavailableException e)
            {
                TimelineLog.QueueUnreachable(logger, e.Message);
                await BackOffAsync(++failures, stoppingToken);
                continue;
            }
            catch (Exception e)
            {
                TimelineLog.WorkerFailed(logger, e);
                await BackOffAsync(++failures, stoppingToken);
                continue;
            }
            foreach (var job in jobs)
            {
                if (!await RunAsync(job, stoppingToken))
                {
                    await BackOffAsync(++failures, stoppingToken);
                }
            }
        }
    }

    private async Task<bool> RunAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        try
        {
            await timelines.FanOutAsync(job, stoppingToken);
            await queue.CompleteAsync(job, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception e)
        {
            TimelineLog.JobFailed(logger, job.Job.PostId, e);
            try
            {
                await queue.AbandonAsync(job, CancellationToken.None);
            }
            catch (Exception abandon)
            {
                // The queue hands it out again by itself once it is idle long enough (Redis), or it was never taken (memory).
                TimelineLog.WorkerFailed(logger, abandon);
            }
            return false;
        }
    }

    private async Task BackOffAsync(int failures, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 10))));
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
