using BenchmarkDotNet.Attributes;
using Feed.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Benchmarks;

/// <summary>
/// The posts of one feed page (21, as the API asks for a page of 20) in process, the way
/// <c>scripts/bench/timeline.sh</c> sets it up: 600 authors with 5 posts each, a reader following
/// <see cref="Follows"/> of them. The store query (fan-out on read: the followees, then their
/// posts; the baseline) against the home timeline read (ids from the timeline, posts by id, the
/// page's authors checked against the follows). Profiles and the HTTP response are the same on both
/// paths and left out, so the difference is all there is.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FeedPageBenchmarks
{
    private const int Authors = 600;
    private const int PostsPerAuthor = 5;
    private const int Take = 21;
    private const string Reader = "reader";

    private readonly InMemoryFeedStore _store = new();
    private HomeTimelines _timelines = null!;

    [Params(5, 10, 500)]
    public int Follows { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        for (var a = 0; a < Authors; a++)
        {
            for (var p = 0; p < PostsPerAuthor; p++)
            {
                var at = now.AddSeconds((p * Authors) + a);
                await _store.AddPostAsync(new Post(PostId.New(at), $"author{a}", "hello", at.ToUnixTimeMilliseconds()), default);
            }
        }
        for (var a = 0; a < Follows; a++)
        {
            await _store.FollowAsync(Reader, $"author{a}", default);
        }
        var options = new TimelineOptions();
        var store = new InMemoryHomeTimelineStore(options, TimeProvider.System);
        _timelines = new HomeTimelines(_store, store, new InMemoryFanoutQueue(), options, new TimelineTrust(store),
            TimeProvider.System, NullLogger<HomeTimelines>.Instance);
        // The first read rebuilds the timeline; every measured read finds it ready.
        if (await _timelines.ReadAsync(Reader, PostRange.Newest, Take, default) is null)
        {
            throw new InvalidOperationException("the timeline did not serve the page");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> StoreQuery()
    {
        var followees = await _store.GetFolloweesAsync(Reader, default);
        var authors = new List<string>(followees.Count + 1) { Reader };
        authors.AddRange(followees);
        return (await _store.GetPostsAsync(authors, PostRange.Newest, Take, default)).Count;
    }

    [Benchmark]
    public async Task<int> Timeline() =>
        (await _timelines.ReadAsync(Reader, PostRange.Newest, Take, default))!.Count;
}
