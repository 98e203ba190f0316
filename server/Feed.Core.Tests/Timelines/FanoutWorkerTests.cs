using Feed.Core;
using Feed.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Core.Tests.Timelines;

/// <summary>The background fan-out: a failing job is logged and run again; the loop goes on.</summary>
public sealed class FanoutWorkerTests
{
    [Fact]
    public async Task A_job_that_fails_is_logged_and_run_again_and_later_jobs_still_run()
    {
        var store = new FlakyFollowersStore();
        var options = new TimelineOptions { Capacity = 100, CelebrityFollowers = 100 };
        var timelines = new InMemoryHomeTimelineStore(options, TimeProvider.System);
        var queue = new InMemoryFanoutQueue();
        var home = new HomeTimelines(store, timelines, queue, options, new TimelineTrust(timelines), TimeProvider.System, NullLogger<HomeTimelines>.Instance);
        var feed = new FeedUseCases(store, new StoreProfileSource(store), TimeProvider.System, home);
        foreach (var user in new[] { "alice", "bob" })
        {
            await store.EnsureUserAsync(user, default);
            await feed.GetFeedAsync(user, null, default);
        }
        await feed.FollowAsync("bob", "alice", default);
        var logs = new ListLogger();
        using var worker = new FanoutWorker(queue, home, TimeProvider.System, new Typed<FanoutWorker>(logs));
        await worker.StartAsync(default);
        store.FailNext = true;

        var first = await feed.PublishAsync("alice", "fails once", default);
        var second = await feed.PublishAsync("alice", "after it", default);
        await queue.WhenDrainedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await worker.StopAsync(default);

        Assert.Contains(logs.Lines, l => l.StartsWith("Warning 5005", StringComparison.Ordinal) && l.Contains(first.Id, StringComparison.Ordinal));
        var bob = await timelines.ReadAsync("bob", PostRange.Newest, 10, default);
        Assert.Equal([second.Id, first.Id], bob.Entries.Select(e => e.PostId));
    }

    private sealed class Typed<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }

    /// <summary>The in-memory store whose follower read fails once when asked to.</summary>
    private sealed class FlakyFollowersStore : DelegatingStore
    {
        public volatile bool FailNext;

        public override Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new StoreUnavailableException("reading followers failed");
            }
            return base.GetFollowersAsync(userId, cancellationToken);
        }
    }
}
