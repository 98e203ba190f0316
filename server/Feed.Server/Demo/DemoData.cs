using Feed.Core;

namespace Feed.Server.Demo;

/// <summary>
/// Demo content for the embedded mode: users <c>demo-*</c> with names and avatars, a follow
/// graph among them, and a few days of posts. Deterministic for a given seed.
/// </summary>
internal static class DemoData
{
    public const string UserPrefix = "demo-";

    private static readonly string[] FirstNames =
    [
        "ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken", "frances", "tim",
        "radia", "vint", "hedy", "john", "katherine", "edsger", "annie", "donald", "sophie", "niklaus",
    ];

    private static readonly string[] LastNames =
    [
        "lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov", "thompson",
        "allen", "berners", "perlman", "cerf", "lamarr", "backus", "johnson",
    ];

    private static readonly string[] Openers =
    [
        "Just shipped", "Thinking about", "Reading up on", "Finally fixed", "Sketching", "Benchmarking",
        "Refactoring", "Debugging", "Reviewing", "Writing docs for",
    ];

    private static readonly string[] Topics =
    [
        "a lock-free queue", "our WebSocket fan-out", "cursor pagination", "the Redis backplane",
        "BSON parsing", "a MessagePack writer", "tail latency", "connection pooling", "the demo page",
        "backpressure", "rate limits", "a flaky test (it was a race)",
    ];

    private static readonly string[] Closers = ["🚀", "☕", "— more soon.", "!", "…", "✨", "(thread below)", ""];

    /// <summary>The demo user ids in a stable order.</summary>
    public static IReadOnlyList<string> UserIds(int count) =>
        Enumerable.Range(0, count).Select(UserId).ToList();

    public static async Task SeedAsync(InMemoryFeedStore store, TimeProvider time, int userCount = 300, int postsPerUser = 5, int seed = 42)
    {
        var random = new Random(seed);
        var ids = UserIds(userCount);
        for (var i = 0; i < ids.Count; i++)
        {
            store.PutUser(Profile(ids[i], i));
        }
        foreach (var id in ids)
        {
            foreach (var followee in PickFollowees(random, ids, id))
            {
                await store.FollowAsync(id, followee, CancellationToken.None);
            }
        }
        var now = time.GetUtcNow();
        foreach (var id in ids)
        {
            for (var i = 0; i < postsPerUser; i++)
            {
                var createdAt = now - TimeSpan.FromMinutes(random.Next(1, 3 * 24 * 60));
                var post = new Post(PostId.New(createdAt), id, RandomText(random), createdAt.ToUnixTimeMilliseconds());
                await store.AddPostAsync(post, CancellationToken.None);
            }
        }
    }

    /// <summary>A random demo post text.</summary>
    public static string RandomText(Random random) =>
        $"{Openers[random.Next(Openers.Length)]} {Topics[random.Next(Topics.Length)]} {Closers[random.Next(Closers.Length)]}".Trim();

    public static UserProfile Profile(string id, int index)
    {
        var first = FirstNames[index % FirstNames.Length];
        var last = LastNames[index / FirstNames.Length % LastNames.Length];
        var name = $"{Capitalize(first)} {Capitalize(last)}";
        return new UserProfile(id, name, $"/avatars/{id}.svg", $"Demo user {index + 1}: posts about systems and {last}s.");
    }

    private static string UserId(int index)
    {
        var first = FirstNames[index % FirstNames.Length];
        var last = LastNames[index / FirstNames.Length % LastNames.Length];
        var round = index / (FirstNames.Length * LastNames.Length);
        return round == 0 ? $"{UserPrefix}{first}-{last}" : $"{UserPrefix}{first}-{last}-{round + 1}";
    }

    /// <summary>Between 5 and 30 followees, skewed towards the first users so a few are popular.</summary>
    private static IEnumerable<string> PickFollowees(Random random, IReadOnlyList<string> ids, string self)
    {
        var wanted = random.Next(5, 31);
        var picked = new HashSet<string>(StringComparer.Ordinal);
        for (var tries = 0; picked.Count < wanted && tries < wanted * 4; tries++)
        {
            var skewed = (int)(Math.Pow(random.NextDouble(), 2) * ids.Count);
            var candidate = ids[skewed];
            if (candidate != self)
            {
                picked.Add(candidate);
            }
        }
        return picked;
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
