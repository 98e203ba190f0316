using Feed.Core;
using Microsoft.Extensions.Options;

namespace Feed.Server.Demo;

/// <summary>Seeds the in-memory store with demo users, follows and posts before the server listens.</summary>
internal sealed class DemoSeeder(InMemoryFeedStore store, IOptions<FeedDemoOptions> options, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed && options.Value.Users > 0)
        {
            await DemoData.SeedAsync(store, time, options.Value.Users);
            DemoLog.Seeded(logger, options.Value.Users);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Seeded {Users} demo users (ids start with demo-) into the in-memory store")]
    public static partial void Seeded(ILogger logger, int users);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Demo activity post failed")]
    public static partial void ActivityFailed(ILogger logger, Exception exception);
}
