using Feed.Core;
using Microsoft.Extensions.Options;

namespace Feed.Server.Demo;

/// <summary>Keeps the demo alive: a random demo user posts every few seconds (registered with the in-memory store only, by AddFeedDemo).</summary>
internal sealed class DemoActivity(PublishPost publish,
    IOptions<FeedDemoOptions> options, TimeProvider time, ILogger<DemoActivity> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Seed || demo.Users == 0 || demo.ActivityInterval <= TimeSpan.Zero)
        {
            return;
        }
        var users = DemoData.UserIds(demo.Users);
        var random = new Random();
        using var timer = new PeriodicTimer(demo.ActivityInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Demo users post on a timer, not by request: not rate limited.
                await publish.PublishAsync(users[random.Next(users.Count)], DemoData.RandomText(random), rateLimited: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                DemoLog.ActivityFailed(logger, e);
            }
        }
    }
}
