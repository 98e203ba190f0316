using System.Globalization;
using Feed.Core;
using StackExchange.Redis;
using static Feed.Redis.Timelines.RedisTimelineErrors;

namespace Feed.Redis.Timelines;

/// <summary>
/// Home timelines in Redis: a sorted set per user (<see cref="TimelineKeys"/>), written by the
/// scripts in <see cref="TimelineScripts"/>, each a single step on one key. A timeline whose
/// state names an older generation than <c>timelines:generation</c> reads as missing.
/// </summary>
public sealed class RedisHomeTimelineStore : IHomeTimelineStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimelineKeys _keys;
    private readonly TimelineOptions _options;

    public RedisHomeTimelineStore(IConnectionMultiplexer redis, string prefix, TimelineOptions options)
    {
        _redis = redis;
        _keys = new TimelineKeys(prefix);
        _options = options;
    }

    private IDatabase Db => _redis.GetDatabase();

    private long TtlMs => (long)_options.InactivityTtl.TotalMilliseconds;

    /// <summary>The key of a user's timeline (tests, and MEMORY USAGE in docs/fan-out.md).</summary>
    public RedisKey TimelineKey(string userId) => _keys.Timeline(userId);

    public Task<TimelineRead> ReadAsync(string userId, PostRange range, int count, CancellationToken cancellationToken) => MapAsync("reading a timeline", async () =>
    {
        var db = Db;
        var (direction, from) = range.After is { } after
            ? ("asc", Score(after.CreatedAt))
            : ("desc", range.Before is { } before ? Score(before.CreatedAt) : "+inf");
        var generation = db.StringGetAsync(_keys.Generation);
        var script = db.ScriptEvaluateAsync(TimelineScripts.Read, [_keys.Timeline(userId)], [direction, from, count, TtlMs]);
        await Task.WhenAll(generation, script);
        var result = (RedisResult[])script.Result!;
        if (result.Length == 0)
        {
            return TimelineRead.Missing;
        }
        var state = (string)result[0]!;
        var floor = (long)double.Parse((string)result[1]!, CultureInfo.InvariantCulture);
        var current = (long?)generation.Result ?? 0;
        if (state.StartsWith("!b", StringComparison.Ordinal))
        {
            return new TimelineRead(TimelineState.Building, floor, []);
        }
        if (state != TimelineKeys.Ready(current))
        {
            return TimelineRead.Missing;
        }
        var pairs = (RedisResult[])result[2]!;
        var entries = new List<FeedCursor>(pairs.Length / 2);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            var id = (string)pairs[i]!;
            if (!id.StartsWith('!'))
            {
                entries.Add(new FeedCursor((long)double.Parse((string)pairs[i + 1]!, CultureInfo.InvariantCulture), id));
            }
        }
        return new TimelineRead(TimelineState.Ready, floor, entries);
    });

    public Task<string> BeginRebuildAsync(string userId, CancellationToken cancellationToken) => MapAsync("starting a timeline rebuild", async () =>
    {
        var db = Db;
        var generation = (long?)await db.StringGetAsync(_keys.Generation) ?? 0;
        var token = Guid.NewGuid().ToString("N");
        await db.ScriptEvaluateAsync(TimelineScripts.Begin, [_keys.Timeline(userId)], [TimelineKeys.Building(generation, token), TtlMs]);
        return generation.ToString(CultureInfo.InvariantCulture) + ":" + token;
    });

    public Task<bool> FinishRebuildAsync(string userId, string token, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken) =>
        MapAsync("finishing a timeline rebuild", async () =>
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var generation = long.Parse(token.AsSpan(0, colon), CultureInfo.InvariantCulture);
            RedisValue[] args = [TimelineKeys.Building(generation, token[(colon + 1)..]), TimelineKeys.Ready(generation), _options.Capacity, floor, .. Pairs(entries)];
            return (int)await Db.ScriptEvaluateAsync(TimelineScripts.Finish, [_keys.Timeline(userId)], args) == 1;
        });

    public Task AddAsync(IReadOnlyCollection<string> userIds, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken) =>
        MapAsync("writing timelines", () =>
        {
            var db = Db;
            RedisValue[] args = [_options.Capacity, floor, .. Pairs(entries)];
            // One script per timeline, all sent at once (the multiplexer pipelines them).
            return Task.WhenAll(userIds.Select(u => db.ScriptEvaluateAsync(TimelineScripts.Add, [_keys.Timeline(u)], args)));
        });

    public Task RemoveAsync(string userId, IReadOnlyList<FeedCursor> entries, CancellationToken cancellationToken) =>
        MapAsync("removing timeline entries", () =>
            entries.Count == 0 ? Task.CompletedTask : Db.SortedSetRemoveAsync(_keys.Timeline(userId), [.. entries.Select(e => (RedisValue)e.PostId)]));

    public Task<IReadOnlyCollection<string>> GetCelebritiesAsync(CancellationToken cancellationToken) => MapAsync("reading celebrities", async () =>
    {
        var members = await Db.SetMembersAsync(_keys.Celebrities);
        return (IReadOnlyCollection<string>)new HashSet<string>(members.Select(m => (string)m!), StringComparer.Ordinal);
    });

    public Task AddCelebrityAsync(string authorId, CancellationToken cancellationToken) =>
        MapAsync("marking a celebrity", () => Db.SetAddAsync(_keys.Celebrities, authorId));

    public Task InvalidateAllAsync(CancellationToken cancellationToken) =>
        MapAsync("invalidating timelines", () => Db.StringIncrementAsync(_keys.Generation));

    private static IEnumerable<RedisValue> Pairs(IReadOnlyList<FeedCursor> entries)
    {
        foreach (var entry in entries)
        {
            yield return entry.CreatedAt;
            yield return entry.PostId;
        }
    }

    private static string Score(long createdAt) => createdAt.ToString(CultureInfo.InvariantCulture);
}
