using Feed.Core;
using Feed.Testing;
using Feed.Testing.Timelines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Core.Tests.Timelines;

/// <summary>In-process home timelines over the in-memory store, with the fan-out-on-read service beside them as the oracle.</summary>
internal sealed class InProcessTimelines
{
    public InProcessTimelines(TimelineOptions? options = null, IFeedStore? store = null, IFanoutQueue? queue = null)
    {
        Options = options ?? new TimelineOptions { Capacity = 10, CelebrityFollowers = 3 };
        Store = store ?? Memory;
        Timelines = new InMemoryHomeTimelineStore(Options, Time);
        Queue = queue ?? new InMemoryFanoutQueue();
        Home = new HomeTimelines(Store, Timelines, Queue, Options, new TimelineTrust(Timelines), Time, NullLogger<HomeTimelines>.Instance);
        Feed = new FeedUseCases(Store, new StoreProfileSource(Store), Time, Home);
        Oracle = new FeedUseCases(Store, new StoreProfileSource(Store), Time);
    }

    public InMemoryFeedStore Memory { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public TimelineOptions Options { get; }

    public IFeedStore Store { get; }

    public InMemoryHomeTimelineStore Timelines { get; }

    public IFanoutQueue Queue { get; }

    public HomeTimelines Home { get; }

    public FeedUseCases Feed { get; }

    public FeedUseCases Oracle { get; }

    public async Task<string[]> UsersAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await Store.EnsureUserAsync(id, default);
        }
        return ids;
    }

    public async Task<FeedItem> PostAsync(string author, string text = "post")
    {
        Time.Advance(TimeSpan.FromMilliseconds(1));
        return await Feed.PublishAsync(author, text, default);
    }

    public Task DrainAsync() => TimelineProperty.DrainAsync(Queue, Home);

    /// <summary>The ids in the user's timeline, newest first (building it if needed by a page read first).</summary>
    public async Task<List<string>> EntriesAsync(string user) =>
        [.. (await Timelines.ReadAsync(user, PostRange.Newest, 10_000, default)).Entries.Select(e => e.PostId)];

    /// <summary>Every page of the user's feed through the timelines, asserting each equals the store query's.</summary>
    public async Task<List<string>> AllPagesAsync(string user, int limit)
    {
        var ids = new List<string>();
        string? before = null;
        do
        {
            var query = new FeedQuery(Before: before, Limit: limit);
            var expected = await Oracle.GetFeedAsync(user, query, default);
            var actual = await Feed.GetFeedAsync(user, query, default);
            Assert.Equal(expected.Items.Select(i => i.Id), actual.Items.Select(i => i.Id));
            Assert.Equal(expected.Next, actual.Next);
            ids.AddRange(actual.Items.Select(i => i.Id));
            before = actual.Next;
        }
        while (before is not null);
        return ids;
    }
}
