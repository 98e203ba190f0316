using StackExchange.Redis;

namespace Feed.Redis.Timelines;

/// <summary>
/// Every Redis key of home timelines, after the configured prefix. User ids are
/// <c>[A-Za-z0-9_-]</c>, so no user's timeline key can meet the shared keys under <c>timelines:</c>.
/// <code>
/// {prefix}timeline:{user}              sorted set: post id -> createdAt, plus one state member "!..." (below)
/// {prefix}timelines:generation          string: INCR makes every timeline stale
/// {prefix}timelines:celebrities         set: authors not fanned out on write
/// {prefix}timelines:{jobs}              stream: fan-out jobs { p: postId, a: authorId, t: createdAt }, group "timelines"
/// {prefix}timelines:{jobs}:pending      sorted set: "authorId/postId" -> createdAt of jobs not done
/// </code>
/// The two job keys share the hash tag <c>{jobs}</c>, so on a cluster one script writes both.
/// A timeline's state member sorts first (its score is the floor, and '!' sorts before id
/// characters): <c>!r{generation}</c> ready, <c>!b{generation}:{token}</c> being rebuilt.
/// </summary>
internal sealed class TimelineKeys(string prefix)
{
    public const string Group = "timelines";

    public RedisKey Generation { get; } = prefix + "timelines:generation";

    public RedisKey Celebrities { get; } = prefix + "timelines:celebrities";

    public RedisKey Jobs { get; } = prefix + "timelines:{jobs}";

    public RedisKey Pending { get; } = prefix + "timelines:{jobs}:pending";

    public RedisKey Timeline(string userId) => prefix + "timeline:" + userId;

    public static string Ready(long generation) => "!r" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Building(long generation, string token) => "!b" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + token;

    public static string PendingMember(string authorId, string postId) => authorId + "/" + postId;
}
