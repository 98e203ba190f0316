using Feed.Core;

namespace Feed.Core.Tests.Timelines;

/// <summary>Home timelines in process: fan-out off the publish call, the cap, celebrities, follows, expiry.</summary>
public sealed class HomeTimelinesTests
{
    [Fact]
    public async Task Publish_returns_before_the_fan_out_and_the_page_has_the_post_already()
    {
        var t = new InProcessTimelines();
        var (alice, bob) = (await t.UsersAsync("alice", "bob")) is [var a, var b] ? (a, b) : default;
        await t.Feed.FollowAsync(bob, alice, default);
        await t.Feed.GetFeedAsync(bob, null, default); // builds bob's timeline (fan-out writes only existing ones)
        await t.Feed.GetFeedAsync(alice, null, default);

        var post = await t.PostAsync(alice);

        Assert.Equal([post.Id], (await t.Queue.GetPendingAsync(default)).Select(j => j.PostId));
        Assert.Empty(await t.EntriesAsync(bob));
        Assert.Equal([post.Id], (await t.Feed.GetFeedAsync(bob, null, default)).Items.Select(i => i.Id));
        await t.DrainAsync();
        Assert.Equal([post.Id], await t.EntriesAsync(bob));
        Assert.Equal([post.Id], await t.EntriesAsync(alice));
    }

    [Fact]
    public async Task A_timeline_keeps_the_newest_entries_up_to_the_cap_and_older_pages_come_from_the_store()
    {
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 10, CelebrityFollowers = 100 });
        await t.UsersAsync("alice", "bob");
        await t.Feed.FollowAsync("bob", "alice", default);
        await t.Feed.GetFeedAsync("bob", null, default);
        var posts = new List<FeedItem>();
        for (var i = 0; i < 25; i++)
        {
            posts.Add(await t.PostAsync("alice", $"post {i}"));
        }
        await t.DrainAsync();

        var newestTen = posts.AsEnumerable().Reverse().Take(10).Select(p => p.Id);
        Assert.Equal(newestTen, await t.EntriesAsync("bob"));
        var read = await t.Timelines.ReadAsync("bob", PostRange.Newest, 100, default);
        Assert.Equal(posts[14].CreatedAt, read.Floor);
        Assert.Equal(posts.AsEnumerable().Reverse().Select(p => p.Id), await t.AllPagesAsync("bob", limit: 4));
    }

    [Fact]
    public async Task Authors_above_the_celebrity_threshold_are_not_fanned_out_and_are_merged_at_read()
    {
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 100, CelebrityFollowers = 3 });
        var readers = await t.UsersAsync("r1", "r2", "r3", "r4");
        await t.UsersAsync("star", "friend");
        foreach (var reader in readers)
        {
            await t.Feed.FollowAsync(reader, "star", default);
            await t.Feed.GetFeedAsync(reader, null, default);
        }
        foreach (var reader in readers[..3])
        {
            await t.Feed.FollowAsync(reader, "friend", default);
        }

        var byStar = await t.PostAsync("star");
        var byFriend = await t.PostAsync("friend");
        await t.DrainAsync();

        Assert.Contains("star", await t.Timelines.GetCelebritiesAsync(default));
        Assert.DoesNotContain("friend", await t.Timelines.GetCelebritiesAsync(default));
        Assert.Equal([byFriend.Id], await t.EntriesAsync("r1"));
        Assert.Empty(await t.EntriesAsync("r4"));
        Assert.Equal([byFriend.Id, byStar.Id], await t.AllPagesAsync("r1", limit: 1));
        Assert.Equal([byStar.Id], await t.AllPagesAsync("r4", limit: 5));
        Assert.Equal([byStar.Id], await t.AllPagesAsync("star", limit: 5));
    }

    [Fact]
    public async Task Follow_backfills_the_followees_posts_and_unfollow_removes_them_both_on_the_next_page()
    {
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 100, CelebrityFollowers = 100 });
        await t.UsersAsync("alice", "bob");
        var posts = new[] { await t.PostAsync("alice"), await t.PostAsync("alice") };
        await t.DrainAsync();
        await t.Feed.GetFeedAsync("bob", null, default);

        await t.Feed.FollowAsync("bob", "alice", default);

        Assert.Equal(posts.Reverse().Select(p => p.Id), await t.EntriesAsync("bob"));
        Assert.Equal(posts.Reverse().Select(p => p.Id), await t.AllPagesAsync("bob", limit: 5));

        await t.Feed.UnfollowAsync("bob", "alice", default);

        Assert.Empty(await t.EntriesAsync("bob"));
        Assert.Empty(await t.AllPagesAsync("bob", limit: 5));
    }

    [Fact]
    public async Task A_timeline_nobody_reads_for_the_inactivity_ttl_is_dropped_and_rebuilt_on_its_next_read()
    {
        var ttl = TimeSpan.FromHours(1);
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 100, CelebrityFollowers = 100, InactivityTtl = ttl });
        await t.UsersAsync("bob");

        await t.Feed.GetFeedAsync("bob", null, default);
        Assert.Equal(1, t.Home.Rebuilds);
        t.Time.Advance(ttl - TimeSpan.FromSeconds(1));
        await t.Feed.GetFeedAsync("bob", null, default); // a read keeps it
        t.Time.Advance(ttl - TimeSpan.FromSeconds(1));
        await t.Feed.GetFeedAsync("bob", null, default);
        Assert.Equal(1, t.Home.Rebuilds);

        t.Time.Advance(ttl);
        Assert.Equal(TimelineState.Missing, (await t.Timelines.ReadAsync("bob", PostRange.Newest, 1, default)).State);
        Assert.Equal(0, t.Timelines.Count);
        await t.Feed.GetFeedAsync("bob", null, default);
        Assert.Equal(2, t.Home.Rebuilds);
    }

    [Fact]
    public async Task A_lost_fan_out_job_makes_every_timeline_rebuild_before_it_is_read()
    {
        var queue = new FailingQueue();
        var t = new InProcessTimelines(queue: queue);
        await t.UsersAsync("alice", "bob");
        await t.Feed.FollowAsync("bob", "alice", default);
        await t.Feed.GetFeedAsync("bob", null, default);
        queue.FailNext = true;

        var post = await t.PostAsync("alice");

        Assert.Empty(await t.Queue.GetPendingAsync(default));
        Assert.Equal([post.Id], await t.AllPagesAsync("bob", limit: 5));
        Assert.Equal(2, t.Home.Rebuilds);
    }

    private sealed class FailingQueue : IFanoutQueue
    {
        private readonly InMemoryFanoutQueue _inner = new();

        public bool FailNext { get; set; }

        public Task EnqueueAsync(FanoutJob job, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new TimelineUnavailableException("the queue is down");
            }
            return _inner.EnqueueAsync(job, cancellationToken);
        }

        public Task<IReadOnlyList<ClaimedJob>> TakeAsync(CancellationToken cancellationToken) => _inner.TakeAsync(cancellationToken);

        public Task KeepAsync(ClaimedJob job, CancellationToken cancellationToken) => _inner.KeepAsync(job, cancellationToken);

        public Task CompleteAsync(ClaimedJob job, CancellationToken cancellationToken) => _inner.CompleteAsync(job, cancellationToken);

        public Task AbandonAsync(ClaimedJob job, CancellationToken cancellationToken) => _inner.AbandonAsync(job, cancellationToken);

        public Task<IReadOnlyList<FanoutJob>> GetPendingAsync(CancellationToken cancellationToken) => _inner.GetPendingAsync(cancellationToken);
    }
}
