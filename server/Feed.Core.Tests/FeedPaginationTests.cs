using Feed.Core;
using Feed.Testing;

namespace Feed.Core.Tests;

/// <summary>Cursor pagination over the in-memory store, including ties on createdAt.</summary>
public sealed class FeedPaginationTests
{
    private readonly InMemoryFeedStore _store = new();
    private readonly FeedUseCases _feed;

    public FeedPaginationTests()
    {
        _feed = new FeedUseCases(_store, new StoreProfileSource(_store), TimeProvider.System);
        _store.PutUser(new UserProfile("reader", "Reader", null, null));
        _store.PutUser(new UserProfile("a", "Author A", "/avatars/a.svg", null));
        _store.PutUser(new UserProfile("b", "Author B", null, null));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Backward_pages_visit_every_item_once_newest_first_even_with_ties(int limit)
    {
        await _store.FollowAsync("reader", "a", default);
        await _store.FollowAsync("reader", "b", default);
        var expected = await AddPostsWithTiesAsync(count: 40);

        var seen = new List<FeedItem>();
        string? before = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await _feed.GetFeedAsync("reader", new FeedQuery(Before: before, Limit: limit), default);
            Assert.True(page.Items.Count <= limit);
            seen.AddRange(page.Items);
            if (page.Next is null)
            {
                break;
            }
            before = page.Next;
        }

        Assert.Equal(expected.OrderByDescending(p => p.Position).Select(p => p.Id), seen.Select(i => i.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(50)]
    public async Task After_pages_fill_the_gap_oldest_part_first_and_each_page_newest_first(int limit)
    {
        await _store.FollowAsync("reader", "a", default);
        var older = await AddPostsWithTiesAsync(count: 5, authors: ["a"]);
        var top = (await _feed.GetFeedAsync("reader", new FeedQuery(Limit: 1), default)).Items.Single();
        var gap = await AddPostsWithTiesAsync(count: 17, authors: ["a"], startAt: older.Max(p => p.CreatedAt));

        var seen = new List<FeedItem>();
        var after = top.Cursor;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await _feed.GetFeedAsync("reader", new FeedQuery(After: after, Limit: limit), default);
            Assert.Equal(page.Items.OrderByDescending(i => (i.CreatedAt, i.Id), Comparer<(long, string)>.Create(CompareTuple)).Select(i => i.Id), page.Items.Select(i => i.Id));
            seen.InsertRange(0, page.Items);
            if (page.Next is null)
            {
                break;
            }
            after = page.Next;
        }

        var newer = older.Concat(gap).Where(p => p.Position.CompareTo(FeedCursorOf(top)) > 0);
        Assert.Equal(newer.OrderByDescending(p => p.Position).Select(p => p.Id), seen.Select(i => i.Id));
    }

    [Fact]
    public async Task After_the_newest_item_is_an_empty_page_with_no_next()
    {
        await AddPostsWithTiesAsync(count: 3, authors: ["reader"]);
        var newest = (await _feed.GetFeedAsync("reader", new FeedQuery(Limit: 1), default)).Items.Single();

        var page = await _feed.GetFeedAsync("reader", new FeedQuery(After: newest.Cursor), default);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Items_carry_their_authors_profile_and_own_cursor()
    {
        await _store.FollowAsync("reader", "a", default);
        await AddPostsWithTiesAsync(count: 1, authors: ["a"]);

        var item = (await _feed.GetFeedAsync("reader", new FeedQuery(), default)).Items.Single();

        Assert.Equal(new AuthorProfile("a", "Author A", "/avatars/a.svg"), item.Author);
        Assert.True(FeedCursor.TryDecode(item.Cursor, out var cursor));
        Assert.Equal((item.CreatedAt, item.Id), (cursor.CreatedAt, cursor.PostId));
    }

    [Fact]
    public async Task Follow_adds_the_followees_posts_and_unfollow_removes_them()
    {
        await AddPostsWithTiesAsync(count: 4, authors: ["a"]);
        await AddPostsWithTiesAsync(count: 2, authors: ["reader"]);
        Assert.Equal(2, (await _feed.GetFeedAsync("reader", null, default)).Items.Count);

        Assert.True(await _feed.FollowAsync("reader", "a", default));
        Assert.False(await _feed.FollowAsync("reader", "a", default));
        Assert.Equal(6, (await _feed.GetFeedAsync("reader", null, default)).Items.Count);

        Assert.True(await _feed.UnfollowAsync("reader", "a", default));
        Assert.False(await _feed.UnfollowAsync("reader", "a", default));
        var after = await _feed.GetFeedAsync("reader", null, default);
        Assert.All(after.Items, i => Assert.Equal("reader", i.AuthorId));
    }

    [Fact]
    public async Task Following_an_unknown_user_or_oneself_is_rejected_and_changes_nothing()
    {
        await Assert.ThrowsAsync<UserNotFoundException>(() => _feed.FollowAsync("reader", "ghost", default));
        var self = await Assert.ThrowsAsync<FeedValidationException>(() => _feed.FollowAsync("reader", "reader", default));
        Assert.Equal("userId", self.Field);
        Assert.Empty(await _store.GetFolloweesAsync("reader", default));
    }

    [Fact]
    public async Task Concurrent_publishes_and_reads_lose_nothing()
    {
        var feed = new FeedUseCases(_store, new StoreProfileSource(_store), TimeProvider.System);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await feed.PublishAsync("reader", $"post {w}-{i}", default);
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await feed.GetFeedAsync("reader", new FeedQuery(Limit: 100), default);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        var all = await _store.GetPostsAsync(["reader"], PostRange.Newest, 10_000, default);
        Assert.Equal(1000, all.Count);
        Assert.Equal(1000, all.Select(p => p.Id).Distinct().Count());
    }

    private static int CompareTuple((long, string) x, (long, string) y) =>
        new FeedCursor(x.Item1, x.Item2).CompareTo(new FeedCursor(y.Item1, y.Item2));

    private static FeedCursor FeedCursorOf(FeedItem item) => new(item.CreatedAt, item.Id);

    /// <summary>Posts in groups of three sharing one createdAt, alternating authors, inserted out of order.</summary>
    private async Task<List<Post>> AddPostsWithTiesAsync(int count, string[]? authors = null, long startAt = 1_700_000_000_000)
    {
        authors ??= ["a", "b"];
        var posts = Enumerable.Range(0, count)
            .Select(i => new Post(PostId.New(DateTimeOffset.UnixEpoch), authors[i % authors.Length], $"post {i}", startAt + 1 + i / 3))
            .ToList();
        foreach (var post in posts.OrderBy(_ => Random.Shared.Next()))
        {
            await _store.AddPostAsync(post, default);
        }
        return posts;
    }
}
