using Feed.Core;

namespace Feed.Core.Tests.Timelines;

/// <summary>
/// A page served from the timeline checks only its own authors against the follows: it never
/// reads the reader's followee list, whose length is what made pages grow with follows.
/// </summary>
public sealed class TimelineFollowCheckTests
{
    [Fact]
    public async Task A_timeline_page_of_a_reader_following_300_checks_its_authors_only_and_drops_an_unfollowed_one()
    {
        var store = new CountingStore();
        var t = new InProcessTimelines(new TimelineOptions { Capacity = 100, CelebrityFollowers = 1000 }, store);
        var authors = await t.UsersAsync([.. Enumerable.Range(0, 300).Select(i => $"author{i}")]);
        await t.UsersAsync("reader");
        foreach (var author in authors)
        {
            await t.Feed.FollowAsync("reader", author, default);
        }
        await t.Feed.GetFeedAsync("reader", null, default); // builds the timeline (reads the followees once)
        foreach (var author in authors.Take(30))
        {
            await t.PostAsync(author);
        }
        await t.DrainAsync();
        await store.Inner.UnfollowAsync("reader", authors[29], default); // behind the timeline's back: entries stay

        store.FolloweeReads = 0;
        var page = await t.Feed.GetFeedAsync("reader", new FeedQuery(Limit: 20), default);

        Assert.Equal(0, store.FolloweeReads);
        Assert.True(t.Home.PagesServed > 0);
        Assert.Equal(20, page.Items.Count);
        Assert.DoesNotContain(page.Items, i => i.AuthorId == authors[29]);
        Assert.Equal((await t.Oracle.GetFeedAsync("reader", new FeedQuery(Limit: 20), default)).Items.Select(i => i.Id), page.Items.Select(i => i.Id));
        Assert.InRange(store.LargestCheck, 1, 40); // the page's authors, not 300
    }

    private sealed class CountingStore : DelegatingStore
    {
        public int FolloweeReads;
        public int LargestCheck;

        public override Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref FolloweeReads);
            return base.GetFolloweesAsync(userId, cancellationToken);
        }

        public override Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
        {
            LargestCheck = Math.Max(LargestCheck, candidates.Count);
            return Inner.GetFollowedAmongAsync(follower, candidates, cancellationToken);
        }
    }
}
