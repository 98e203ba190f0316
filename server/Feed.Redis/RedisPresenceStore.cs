using Feed.Core;
using Feed.Redis.Internal.Presence;
using StackExchange.Redis;

namespace Feed.Redis;

/// <summary>
/// Presence in Redis (<see cref="PresenceKeys"/> has the layout), Centrifugo's shape: entries count
/// only while their instance renews its lease (<c>presence:instances</c>, scored by the lease's end),
/// so a crashed instance's users fall offline by themselves, and the first survivor to see its lease
/// run out removes its entries and reports who went offline. Each user's set of instances changes
/// in a <c>MULTI</c> with its <c>SCARD</c>, so exactly one instance sees it go from 0 to 1 or 1 to 0.
/// Every call sends its commands together (one pipeline, one key each) and waits once, so a batch
/// of users costs about one round trip. Lease ends are the instances' clocks: keep them in sync
/// (NTP) to well within <c>Feed:Presence:InstanceTimeout</c>.
/// </summary>
public sealed class RedisPresenceStore : IPresenceStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly PresenceKeys _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly RedisKey _mine;

    /// <param name="keyPrefix">Put before every key (several deployments on one Redis).</param>
    /// <param name="lease">How long an instance counts as alive after its last heartbeat.</param>
    public RedisPresenceStore(IConnectionMultiplexer redis, string keyPrefix, TimeProvider time, TimeSpan lease)
    {
        _redis = redis;
        _keys = new PresenceKeys(keyPrefix);
        _time = time;
        _lease = lease;
        InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        _mine = _keys.Instance(InstanceId);
    }

    /// <summary>This instance's name in Redis: new on every start, so a restarted process never inherits a dead one's entries.</summary>
    public string InstanceId { get; }

    public Task<PresenceChanges> ApplyAsync(IReadOnlyCollection<string> arrived, IReadOnlyCollection<string> left, CancellationToken cancellationToken) =>
        WriteAsync(_redis.GetDatabase(), arrived, left, loose: false);

    public async Task<PresenceRefresh> RefreshAsync(int held, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var renewed = db.SortedSetAddAsync(_keys.Instances, InstanceId, now + _lease.TotalMilliseconds, SortedSetWhen.Always);
        var count = db.SetLengthAsync(_mine);
        var expired = db.SortedSetRangeByScoreAsync(_keys.Instances, double.NegativeInfinity, now, Exclude.Stop);
        await Task.WhenAll(renewed, count, expired).ConfigureAwait(false);
        var offline = new List<string>();
        foreach (var dead in (await expired.ConfigureAwait(false)).Select(v => v.ToString()).Where(id => id != InstanceId))
        {
            offline.AddRange(await SweepAsync(db, dead).ConfigureAwait(false));
        }
        // A new lease means Redis had none: it lost our entries (a restart) or a survivor took us for dead.
        var inStep = !await renewed.ConfigureAwait(false) && await count.ConfigureAwait(false) == held;
        return new PresenceRefresh(inStep, offline);
    }

    public async Task<PresenceChanges> ResyncAsync(IReadOnlyCollection<string> held, IReadOnlyCollection<string> released, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var wanted = held.ToHashSet(StringComparer.Ordinal);
        var listed = (await db.SetMembersAsync(_mine).ConfigureAwait(false)).Select(v => v.ToString());
        var gone = listed.Concat(released).Where(u => !wanted.Contains(u)).Distinct(StringComparer.Ordinal).ToList();
        var changes = await WriteAsync(db, wanted, gone, loose: true).ConfigureAwait(false);
        // Renewed after the writes: until now the sweep of a lease we lost would have removed them.
        await db.SortedSetAddAsync(_keys.Instances, InstanceId, _time.GetUtcNow().ToUnixTimeMilliseconds() + _lease.TotalMilliseconds,
            SortedSetWhen.Always).ConfigureAwait(false);
        return changes;
    }

    public async Task<IReadOnlyCollection<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var users = userIds.ToArray();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var live = await db.SortedSetRangeByScoreAsync(_keys.Instances, now, double.PositiveInfinity).ConfigureAwait(false);
        if (live.Length == 0 || users.Length == 0)
        {
            return [];
        }
        // One SMISMEMBER per live instance, sent together: the cost follows the instances, not the followees.
        var values = Values(users);
        var held = await Task.WhenAll(live.Select(id => db.SetContainsAsync(_keys.Instance(id.ToString()), values))).ConfigureAwait(false);
        return [.. users.Where((_, i) => held.Any(flags => flags[i]))];
    }

    /// <summary>Removes a dead instance's entries; returns its users no other instance holds.</summary>
    private async Task<List<string>> SweepAsync(IDatabase db, string dead)
    {
        var users = (await db.SetMembersAsync(_keys.Instance(dead)).ConfigureAwait(false)).Select(v => v.ToString()).ToList();
        var removals = users.Select(u => (User: u, Result: ChangeAsync(db, u, dead, add: false))).ToList();
        await Task.WhenAll(removals.Select(r => r.Result)).ConfigureAwait(false);
        // Last, so a sweep cut short is done again by the next heartbeat (of any survivor); only
        // the one whose SREM emptied a user's set reports them.
        await Task.WhenAll(db.KeyDeleteAsync(_keys.Instance(dead)), db.SortedSetRemoveAsync(_keys.Instances, dead)).ConfigureAwait(false);
        return [.. removals.Where(r => r.Result.Result is (true, 0)).Select(r => r.User)];
    }

    /// <summary>
    /// Adds this instance to the users of <paramref name="arrived"/> and removes it from those of
    /// <paramref name="left"/>; returns who came online and who went offline. With <paramref name="loose"/>,
    /// a user left with no instance is reported offline even if this instance's entry was already gone:
    /// Redis may have lost it (a restart) while followers still think them online.
    /// </summary>
    private async Task<PresenceChanges> WriteAsync(IDatabase db, IReadOnlyCollection<string> arrived, IReadOnlyCollection<string> left, bool loose)
    {
        var writes = new List<Task>();
        // The instance's own list first, so the sweep after a crash finds every user it wrote.
        if (arrived.Count > 0)
        {
            writes.Add(db.SetAddAsync(_mine, Values(arrived)));
        }
        var adds = arrived.Select(u => (User: u, Result: ChangeAsync(db, u, InstanceId, add: true))).ToList();
        var removes = left.Select(u => (User: u, Result: ChangeAsync(db, u, InstanceId, add: false))).ToList();
        if (left.Count > 0)
        {
            writes.Add(db.SetRemoveAsync(_mine, Values(left)));
        }
        await Task.WhenAll(writes.Concat(adds.Select(a => a.Result)).Concat(removes.Select(r => r.Result))).ConfigureAwait(false);
        return new PresenceChanges(
            [.. adds.Where(a => a.Result.Result is (true, 1)).Select(a => a.User)],
            [.. removes.Where(r => r.Result.Result.Count == 0 && (loose || r.Result.Result.Changed)).Select(r => r.User)]);
    }

    /// <summary>Adds or removes <paramref name="instanceId"/> in the user's set and counts what is left, atomically.</summary>
    private async Task<(bool Changed, long Count)> ChangeAsync(IDatabase db, string userId, string instanceId, bool add)
    {
        var key = _keys.User(userId);
        var transaction = db.CreateTransaction();
        var changed = add ? transaction.SetAddAsync(key, instanceId) : transaction.SetRemoveAsync(key, instanceId);
        var count = transaction.SetLengthAsync(key);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return (await changed.ConfigureAwait(false), await count.ConfigureAwait(false));
    }

    private static RedisValue[] Values(IEnumerable<string> users) => [.. users.Select(u => (RedisValue)u)];
}
