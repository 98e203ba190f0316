using Feed.Core;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Testing.Timelines;

/// <summary>
/// The home-timeline property, against any store and timeline implementation: over a random
/// sequence (one seed) of posts (same-millisecond ties included), follows, unfollows and fan-out
/// jobs run part of the way, every page read through the timelines (the newest, older pages by
/// <c>next</c>, and gap-fills after a cursor) equals the page today's fan-out-on-read store query
/// gives, which is the oracle. Users are <c>{prefix}0..n</c>.
/// </summary>
public sealed class TimelineProperty(IFeedStore store, HomeTimelines timelines, IFanoutQueue queue, FakeTimeProvider time, int seed)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Random _random = new(seed);
    private readonly FeedUseCases _fast = new(store, new StoreProfileSource(store), time, timelines);
    private readonly FeedUseCases _oracle = new(store, new StoreProfileSource(store), time);

    public int Users { get; init; } = 10;

    public int Steps { get; init; } = 150;

    public string Prefix { get; init; } = "u";

    /// <summary>Pages compared so far (a run that compares none proves nothing).</summary>
    public int PagesCompared { get; private set; }

    public async Task RunAsync()
    {
        var users = Enumerable.Range(0, Users).Select(i => Prefix + i).ToArray();
        foreach (var user in users)
        {
            await store.EnsureUserAsync(user, None);
        }
        for (var step = 0; step < Steps; step++)
        {
            var user = users[_random.Next(users.Length)];
            var other = users[_random.Next(users.Length)];
            switch (_random.Next(12))
            {
                case < 5:
                    time.Advance(TimeSpan.FromMilliseconds(_random.Next(3)));
                    await _fast.PublishAsync(user, $"post {step}", None);
                    break;
                case < 8 when other != user:
                    await _fast.FollowAsync(user, other, None);
                    break;
                case 8 when other != user:
                    await _fast.UnfollowAsync(user, other, None);
                    break;
                case 9:
                    await RunSomeJobsAsync();
                    break;
                default:
                    await CompareAsync(user, $"step {step}");
                    break;
            }
        }
        await DrainAsync(queue, timelines);
        foreach (var user in users)
        {
            await CompareAsync(user, "after every job ran");
        }
    }

    /// <summary>Runs fan-out jobs until none is pending.</summary>
    public static async Task DrainAsync(IFanoutQueue queue, HomeTimelines timelines)
    {
        while ((await queue.GetPendingAsync(None)).Count > 0)
        {
            foreach (var job in await queue.TakeAsync(None))
            {
                await timelines.FanOutAsync(job, None);
                await queue.CompleteAsync(job, None);
            }
        }
    }

    private async Task RunSomeJobsAsync()
    {
        if ((await queue.GetPendingAsync(None)).Count == 0)
        {
            return;
        }
        foreach (var job in await queue.TakeAsync(None))
        {
            await timelines.FanOutAsync(job, None);
            await queue.CompleteAsync(job, None);
        }
    }

    private async Task CompareAsync(string user, string when)
    {
        var limit = _random.Next(1, 7);
        var seen = new List<FeedItem>();
        string? before = null;
        do
        {
            var page = await CompareAsync(user, new FeedQuery(Before: before, Limit: limit), when);
            seen.AddRange(page.Items);
            before = page.Next;
        }
        while (before is not null);
        if (seen.Count == 0)
        {
            return;
        }
        // A gap-fill as the client does it: after a cursor, then after each page's next.
        string? after = seen[_random.Next(seen.Count)].Cursor;
        while (after is not null)
        {
            after = (await CompareAsync(user, new FeedQuery(After: after, Limit: limit), when)).Next;
        }
    }

    private async Task<FeedPage> CompareAsync(string user, FeedQuery query, string when)
    {
        var expected = await _oracle.GetFeedAsync(user, query, None);
        var actual = await _fast.GetFeedAsync(user, query, None);
        PagesCompared++;
        var expectedIds = string.Join(",", expected.Items.Select(i => i.Id));
        var actualIds = string.Join(",", actual.Items.Select(i => i.Id));
        if (expectedIds != actualIds || expected.Next != actual.Next)
        {
            throw new InvalidOperationException(
                $"seed {seed}, {when}: {user}'s page {query} differs from the store query's.\n" +
                $"expected [{expectedIds}] next {expected.Next}\nactual   [{actualIds}] next {actual.Next}");
        }
        return expected;
    }
}
