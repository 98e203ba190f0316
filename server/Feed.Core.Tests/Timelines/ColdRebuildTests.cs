using Feed.Core;

namespace Feed.Core.Tests.Timelines;

/// <summary>A cold timeline is rebuilt once however many first reads arrive together.</summary>
public sealed class ColdRebuildTests
{
    [Fact]
    public async Task Twenty_concurrent_first_reads_make_one_rebuild_and_all_get_the_page()
    {
        var store = new GatedStore();
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 100, CelebrityFollowers = 100 }, store);
        await t.UsersAsync("alice", "bob");
        await store.Inner.FollowAsync("bob", "alice", default);
        var post = new Post(PostId.New(t.Time.GetUtcNow()), "alice", "before any timeline", t.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await store.Inner.AddPostAsync(post, default);
        store.Close();

        // Each read runs up to the rebuild's store query before the next starts: all 20 are waiting when it is let go.
        var reads = Enumerable.Range(0, 20).Select(_ => t.Feed.GetFeedAsync("bob", null, default)).ToList();
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        store.Open();
        var pages = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, t.Home.Rebuilds);
        Assert.Equal(1, store.RebuildQueries);
        Assert.All(pages, page => Assert.Equal([post.Id], page.Items.Select(i => i.Id)));
        Assert.Equal(20, t.Home.PagesServed);
    }

    /// <summary>Holds the newest-posts queries (a rebuild's) until opened; counts them.</summary>
    private sealed class GatedStore : DelegatingStore
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _closed;
        private int _rebuildQueries;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int RebuildQueries => _rebuildQueries;

        public void Close() => _closed = true;

        public void Open() => _open.TrySetResult();

        public override async Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken)
        {
            if (_closed && range == PostRange.Newest && take == 100)
            {
                Interlocked.Increment(ref _rebuildQueries);
                Entered.TrySetResult();
                await _open.Task;
            }
            return await Inner.GetPostsAsync(authorIds, range, take, cancellationToken);
        }
    }
}
