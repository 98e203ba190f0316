using Feed.Core;
using Feed.Redis.Timelines;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Feed.Redis.Tests.Timelines;

/// <summary>Fan-out jobs on a Redis Stream consumer group: pending until done, taken over from a dead consumer, a lost group recreated, stopped consumers removed.</summary>
public sealed class RedisFanoutQueueTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = TestKeys.Unique() + ":";
    private ConnectionMultiplexer _connection = null!;

    private string JobStream => _prefix + "timelines:{jobs}";

    public async Task InitializeAsync() => _connection = await FeedRedisConnection.ConnectAsync(redis.Server.ConnectionString);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private RedisFanoutQueue Queue(TimeSpan? claimAfter = null, TimeSpan? removeConsumerAfter = null, TimeProvider? time = null) => new(_connection, _prefix,
        new TimelineOptions
        {
            ClaimAfter = claimAfter ?? TimeSpan.FromMinutes(5),
            PollInterval = TimeSpan.FromMilliseconds(20),
            RemoveConsumerAfter = removeConsumerAfter ?? TimeSpan.FromHours(1),
        }, time ?? TimeProvider.System);

    private async Task<string[]> ConsumersAsync() =>
        (await _connection.GetDatabase().StreamConsumerInfoAsync(JobStream, TimelineKeys.Group))
            .Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Until Redis counts every consumer of the group idle for at least <paramref name="idle"/>.</summary>
    private Task AllConsumersIdleAsync(TimeSpan idle) => Eventually.SucceedsAsync(async () =>
        Assert.All(await _connection.GetDatabase().StreamConsumerInfoAsync(JobStream, TimelineKeys.Group),
            c => Assert.True(c.IdleTimeInMilliseconds >= idle.TotalMilliseconds, $"{c.Name} idle {c.IdleTimeInMilliseconds} ms")));

    private static async Task<IReadOnlyList<ClaimedJob>> TakeSomeAsync(RedisFanoutQueue queue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var jobs = await queue.TakeAsync(None); // waits a poll interval when there is none
            if (jobs.Count > 0 || DateTime.UtcNow > deadline)
            {
                return jobs;
            }
        }
    }

    private Task<long> StreamReadsAsync() => RedisCommandStats.CallsAsync("xreadgroup", redis.Server.EndPoint);

    [Fact]
    public async Task A_job_is_pending_from_enqueue_until_completed_and_leaves_nothing_behind()
    {
        var queue = Queue();
        var job = new FanoutJob("p1", "alice", 1234);

        await queue.EnqueueAsync(job, None);

        Assert.Equal([job], await queue.GetPendingAsync(None));
        var taken = Assert.Single(await TakeSomeAsync(queue));
        Assert.Equal(job, taken.Job);
        Assert.Equal([job], await queue.GetPendingAsync(None));
        await queue.CompleteAsync(taken, None);
        Assert.Empty(await queue.GetPendingAsync(None));
        Assert.Equal(0, await _connection.GetDatabase().StreamLengthAsync(JobStream));
    }

    [Fact]
    public async Task A_job_enqueued_here_wakes_this_instances_idle_worker_without_waiting_for_its_poll()
    {
        // Time never moves: only the enqueue can end the idle wait (the poll never comes).
        var time = new FakeTimeProvider();
        var queue = new RedisFanoutQueue(_connection, _prefix, new TimelineOptions { PollInterval = TimeSpan.FromSeconds(10) }, time);
        var reads = await StreamReadsAsync();
        var idle = queue.TakeAsync(None);
        // Once its XREADGROUP has run (this class has its own redis-server), the take is waiting.
        await Eventually.SucceedsAsync(async () => Assert.True(await StreamReadsAsync() > reads));

        await queue.EnqueueAsync(new FanoutJob("p1", "alice", 1), None);

        Assert.Empty(await idle.WaitAsync(TimeSpan.FromSeconds(30)));
        var taken = Assert.Single(await queue.TakeAsync(None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("p1", taken.Job.PostId);
    }

    [Fact]
    public async Task A_job_left_by_a_dead_consumer_is_taken_over_once_idle_and_a_kept_one_is_not()
    {
        var dead = Queue(TimeSpan.FromSeconds(1));
        var alive = Queue(TimeSpan.FromSeconds(1));
        await dead.EnqueueAsync(new FanoutJob("p1", "alice", 1), None);
        var orphan = Assert.Single(await TakeSomeAsync(dead));

        var claimed = Assert.Single(await TakeSomeAsync(alive));

        Assert.Equal(orphan.Receipt, claimed.Receipt);
        var pending = await _connection.GetDatabase().StreamPendingMessagesAsync(JobStream, TimelineKeys.Group, 10, alive.Consumer);
        Assert.Equal(claimed.Receipt, (string?)Assert.Single(pending).MessageId);
        await alive.CompleteAsync(claimed, None);
        Assert.Empty(await alive.GetPendingAsync(None));
    }

    [Fact]
    public async Task The_group_is_created_again_when_redis_lost_it()
    {
        var queue = Queue();
        await queue.EnqueueAsync(new FanoutJob("p1", "alice", 1), None);
        await queue.CompleteAsync(Assert.Single(await TakeSomeAsync(queue)), None);

        await _connection.GetDatabase().KeyDeleteAsync(JobStream); // as a restart without persistence does
        Assert.Empty(await queue.TakeAsync(None));
        await queue.EnqueueAsync(new FanoutJob("p2", "alice", 2), None);

        Assert.Equal("p2", Assert.Single(await TakeSomeAsync(queue)).Job.PostId);
    }

    // Redis (7.0) adds a consumer to the group when it is first handed a job, so each instance
    // below runs one; the stopped ones sweep with the default limit, so only `sweeping` removes.
    [Fact]
    public async Task A_stopped_consumer_with_nothing_pending_is_removed_and_one_holding_a_job_is_kept()
    {
        var limit = TimeSpan.FromMilliseconds(50);
        var stopped = Queue();
        await RunOneJobAsync(stopped, "p1");
        var holding = Queue();
        await holding.EnqueueAsync(new FanoutJob("p2", "alice", 2), None);
        Assert.Single(await TakeSomeAsync(holding)); // stops with the job unacknowledged
        await AllConsumersIdleAsync(limit);

        var sweeping = Queue(removeConsumerAfter: limit);
        await RunOneJobAsync(sweeping, "p3");

        // The held job is not lost with its consumer: it stays there until ClaimAfter hands it on.
        Assert.Equal(new[] { holding.Consumer, sweeping.Consumer }.Order(StringComparer.Ordinal), await ConsumersAsync());
    }

    [Fact]
    public async Task An_instance_sweeps_once_per_removal_limit_not_on_every_read()
    {
        var limit = TimeSpan.FromMilliseconds(50);
        var time = new FakeTimeProvider(); // moves only when told: each read below gets a job of its own, so none waits for a poll
        var sweeping = Queue(removeConsumerAfter: limit, time: time);
        await RunOneJobAsync(sweeping, "p1"); // its first read sweeps (nothing to remove yet)
        var stopped = Queue();
        await RunOneJobAsync(stopped, "p2");
        await AllConsumersIdleAsync(limit);

        await RunOneJobAsync(sweeping, "p3");
        Assert.Contains(stopped.Consumer, await ConsumersAsync());

        time.Advance(limit);
        await RunOneJobAsync(sweeping, "p4");
        Assert.Equal([sweeping.Consumer], await ConsumersAsync());
    }

    private static async Task RunOneJobAsync(RedisFanoutQueue queue, string postId)
    {
        await queue.EnqueueAsync(new FanoutJob(postId, "alice", 1), None);
        var taken = Assert.Single(await queue.TakeAsync(None));
        Assert.Equal(postId, taken.Job.PostId);
        await queue.CompleteAsync(taken, None);
    }
}
