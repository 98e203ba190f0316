using System.Globalization;
using Feed.Core;
using StackExchange.Redis;
using static Feed.Redis.Timelines.RedisTimelineErrors;

namespace Feed.Redis.Timelines;

/// <summary>
/// Fan-out jobs on a Redis Stream read by every instance in one consumer group: XADD (with the
/// pending entry, in one script), XREADGROUP for new jobs, XAUTOCLAIM of jobs left idle longer
/// than <see cref="TimelineOptions.ClaimAfter"/> (a dead instance's, or one that failed here), an
/// XCLAIM after each batch of a long job to say it is alive, XACK and XDEL when done. The group
/// is created again if Redis lost it (a restart without persistence). Each instance run is a new
/// consumer; those idle past <see cref="TimelineOptions.RemoveConsumerAfter"/> with nothing
/// pending are removed by whichever instance sweeps next (one sweep per instance per that time).
/// </summary>
public sealed class RedisFanoutQueue : IFanoutQueue
{
    private const int MaxTake = 16;
    private readonly IConnectionMultiplexer _redis;
    private readonly TimelineKeys _keys;
    private readonly TimelineOptions _options;
    private readonly TimeProvider _time;
    private volatile bool _groupReady;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue; // read and written by the one worker
    // Completed when this instance enqueues a job, so its idle worker starts the job at once
    // instead of at its next poll: the poll is then only for other instances' jobs.
    private TaskCompletionSource _enqueued = NewSignal();

    public RedisFanoutQueue(IConnectionMultiplexer redis, string prefix, TimelineOptions options, TimeProvider time)
    {
        _redis = redis;
        _keys = new TimelineKeys(prefix);
        _options = options;
        _time = time;
    }

    /// <summary>This instance's consumer name in the group.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    private IDatabase Db => _redis.GetDatabase();

    public async Task EnqueueAsync(FanoutJob job, CancellationToken cancellationToken)
    {
        await MapAsync("enqueueing a fan-out job", () =>
            Db.ScriptEvaluateAsync(TimelineScripts.Enqueue, [_keys.Jobs, _keys.Pending], [job.PostId, job.AuthorId, job.CreatedAt]));
        Volatile.Read(ref _enqueued).TrySetResult();
    }

    /// <summary>Jobs to run; none once <see cref="TimelineOptions.PollInterval"/> passed or this instance enqueued one.</summary>
    public async Task<IReadOnlyList<ClaimedJob>> TakeAsync(CancellationToken cancellationToken)
    {
        // Taken before reading: a job enqueued from here on either is read now or ends the wait.
        var enqueued = Volatile.Read(ref _enqueued);
        if (enqueued.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _enqueued, NewSignal(), enqueued);
            enqueued = Volatile.Read(ref _enqueued);
        }
        var jobs = await MapAsync("reading fan-out jobs", () => ReadAsync());
        if (jobs.Count == 0)
        {
            try
            {
                await enqueued.Task.WaitAsync(_options.PollInterval, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
        return jobs;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<IReadOnlyList<ClaimedJob>> ReadAsync()
    {
        var db = Db;
        try
        {
            await EnsureGroupAsync(db);
            await RemoveIdleConsumersWhenDueAsync(db);
            var claimed = await db.StreamAutoClaimAsync(_keys.Jobs, TimelineKeys.Group, Consumer,
                (long)_options.ClaimAfter.TotalMilliseconds, "0-0", MaxTake);
            if (!claimed.IsNull && claimed.ClaimedEntries.Length > 0)
            {
                return await ParseAsync(db, claimed.ClaimedEntries);
            }
            var fresh = await db.StreamReadGroupAsync(_keys.Jobs, TimelineKeys.Group, Consumer, StreamPosition.NewMessages, MaxTake);
            return await ParseAsync(db, fresh);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            _groupReady = false;
            return [];
        }
    }

    private async Task EnsureGroupAsync(IDatabase db)
    {
        if (_groupReady)
        {
            return;
        }
        try
        {
            // From the start of the stream: jobs added before the group existed are run too.
            await db.StreamCreateConsumerGroupAsync(_keys.Jobs, TimelineKeys.Group, "0-0", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        _groupReady = true;
    }

    private async Task RemoveIdleConsumersWhenDueAsync(IDatabase db)
    {
        var now = _time.GetUtcNow();
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now + _options.RemoveConsumerAfter;
        await db.ScriptEvaluateAsync(TimelineScripts.RemoveIdleConsumers, [_keys.Jobs],
            [TimelineKeys.Group, (long)_options.RemoveConsumerAfter.TotalMilliseconds, Consumer]);
    }

    private async Task<IReadOnlyList<ClaimedJob>> ParseAsync(IDatabase db, StreamEntry[] entries)
    {
        var jobs = new List<ClaimedJob>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }
            string? post = entry["p"], author = entry["a"];
            if (post is null || author is null || !long.TryParse((string?)entry["t"], NumberStyles.None, CultureInfo.InvariantCulture, out var createdAt))
            {
                // Not a job this version can read: acknowledged so it is not handed out forever.
                await db.StreamAcknowledgeAsync(_keys.Jobs, TimelineKeys.Group, entry.Id);
                continue;
            }
            jobs.Add(new ClaimedJob(new FanoutJob(post, author, createdAt), entry.Id!));
        }
        return jobs;
    }

    public Task KeepAsync(ClaimedJob job, CancellationToken cancellationToken) => MapAsync("keeping a fan-out job", () =>
        Db.StreamClaimIdsOnlyAsync(_keys.Jobs, TimelineKeys.Group, Consumer, 0, [job.Receipt]));

    public Task CompleteAsync(ClaimedJob job, CancellationToken cancellationToken) => MapAsync("completing a fan-out job", () =>
        Db.ScriptEvaluateAsync(TimelineScripts.Complete, [_keys.Jobs, _keys.Pending],
            [TimelineKeys.Group, job.Receipt, TimelineKeys.PendingMember(job.Job.AuthorId, job.Job.PostId)]));

    /// <summary>Nothing to do: the job stays unacknowledged and is claimed again once idle for <see cref="TimelineOptions.ClaimAfter"/>.</summary>
    public Task AbandonAsync(ClaimedJob job, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<FanoutJob>> GetPendingAsync(CancellationToken cancellationToken) => MapAsync("reading pending fan-out jobs", async () =>
    {
        var pending = await Db.SortedSetRangeByRankWithScoresAsync(_keys.Pending);
        var jobs = new List<FanoutJob>(pending.Length);
        foreach (var entry in pending)
        {
            var member = (string)entry.Element!;
            var slash = member.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                jobs.Add(new FanoutJob(member[(slash + 1)..], member[..slash], (long)entry.Score));
            }
        }
        return (IReadOnlyList<FanoutJob>)jobs;
    });
}
