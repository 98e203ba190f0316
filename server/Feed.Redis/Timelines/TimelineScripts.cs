namespace Feed.Redis.Timelines;

/// <summary>
/// The Lua scripts that keep a timeline's entries, cap, floor and state member consistent in one
/// step each (one key per script, so they run on a cluster too). Scores are createdAt in Unix ms;
/// equal scores order by member bytes, the cursor's ordinal id order. The floor (the state
/// member's score) says the timeline holds every post above it; -1: all.
/// </summary>
internal static class TimelineScripts
{
    // add(key, cap, floor, first): the pairs ARGV[first..] (score, id) above the floor; trims the
    // oldest beyond cap, raising the floor to the newest trimmed; drops entries at or below it.
    private const string AddFunction = """
        local function add(key, cap, floor, first)
          local s = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
          local state, old = s[1], tonumber(s[2])
          floor = math.max(floor, old)
          for i = first, #ARGV, 2 do
            if tonumber(ARGV[i]) > floor then redis.call('ZADD', key, ARGV[i], ARGV[i + 1]) end
          end
          local excess = redis.call('ZCARD', key) - 1 - cap
          if excess > 0 then
            local trimmed = redis.call('ZRANGE', key, 1, excess, 'WITHSCORES')
            floor = math.max(floor, tonumber(trimmed[#trimmed]))
          end
          if floor ~= old then
            redis.call('ZREMRANGEBYSCORE', key, '-inf', floor)
            redis.call('ZADD', key, floor, state)
          end
        end

        """;

    /// <summary>KEYS[1] timeline; ARGV cap, floor, then score/id pairs. Writes only a timeline that exists.</summary>
    public const string Add = AddFunction + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        add(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), 3)
        return 1
        """;

    /// <summary>KEYS[1] timeline; ARGV building state, ready state, cap, floor, then pairs. 0 when another build took the key over.</summary>
    public const string Finish = AddFunction + """
        local s = redis.call('ZRANGE', KEYS[1], 0, 0)
        if s[1] ~= ARGV[1] then return 0 end
        add(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]), 5)
        local floor = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], floor, ARGV[2])
        return 1
        """;

    /// <summary>KEYS[1] timeline; ARGV building state, TTL ms: an empty timeline being built.</summary>
    public const string Begin = """
        redis.call('DEL', KEYS[1])
        redis.call('ZADD', KEYS[1], -1, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS[1] timeline; ARGV 'desc' or 'asc', the cursor's createdAt (inclusive; '+inf' for the
    /// newest), count, TTL ms. Returns {} when missing, else { state, floor, { id, score, ... } }
    /// (entries of a ready timeline only; newest first down to the floor, or oldest first from the cursor) and refreshes the TTL.
    /// </summary>
    public const string Read = """
        local s = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if #s == 0 then return {} end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        if string.sub(s[1], 1, 2) ~= '!r' then return { s[1], s[2], {} } end
        local r
        if ARGV[1] == 'desc' then
          r = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], '(' .. s[2], 'LIMIT', 0, tonumber(ARGV[3]), 'WITHSCORES')
        else
          r = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf', 'LIMIT', 0, tonumber(ARGV[3]), 'WITHSCORES')
        end
        return { s[1], s[2], r }
        """;

    /// <summary>KEYS stream, pending; ARGV post id, author id, createdAt: the job and its pending entry together.</summary>
    public const string Enqueue = """
        redis.call('XADD', KEYS[1], '*', 'p', ARGV[1], 'a', ARGV[2], 't', ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2] .. '/' .. ARGV[1])
        return 1
        """;

    /// <summary>KEYS stream, pending; ARGV group, entry id, pending member: acknowledged, deleted, no longer pending.</summary>
    public const string Complete = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS stream; ARGV group, idle ms, this consumer: removes the group's other consumers idle at
    /// least that long with nothing pending. In one script, so a consumer cannot take a job
    /// between the look and the removal (XGROUP DELCONSUMER drops its pending entries). A stream
    /// Redis lost is no error here (a missing group still is: NOGROUP, which recreates it).
    /// </summary>
    public const string RemoveIdleConsumers = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local removed = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local c = {}
          for i = 1, #consumer, 2 do c[consumer[i]] = consumer[i + 1] end
          if c['name'] ~= ARGV[3] and c['pending'] == 0 and c['idle'] >= tonumber(ARGV[2]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], c['name'])
            removed = removed + 1
          end
        end
        return removed
        """;
}
