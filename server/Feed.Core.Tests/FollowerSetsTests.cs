using Microsoft.Extensions.Time.Testing;

namespace Feed.Core.Tests;

/// <summary>The shared follower sets of the live fan-out: one load, changes never lost around it, bounded lifetime.</summary>
public sealed class FollowerSetsTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Concurrent_first_reads_load_the_followers_once()
    {
        var store = new GatedStore();
        await store.FollowAsync("f1", "author", default);
        await store.FollowAsync("f2", "author", default);
        var sets = new FollowerSets(store, new FakeTimeProvider(), Lifetime);

        var reads = Enumerable.Range(0, 20).Select(_ => sets.GetAsync("author", default).AsTask()).ToList();
        store.Open();
        var results = await Task.WhenAll(reads);

        Assert.Equal(1, store.FollowerReads);
        Assert.All(results, set => Assert.Same(results[0], set));
        Assert.Equal(["f1", "f2"], results[0].Users.Order());
    }

    [Fact]
    public async Task A_change_heard_while_loading_is_applied_to_the_loaded_set()
    {
        var store = new GatedStore();
        await store.FollowAsync("old", "author", default);
        var sets = new FollowerSets(store, new FakeTimeProvider(), Lifetime);

        var loading = sets.GetAsync("author", default).AsTask();
        // Written and broadcast after the store was read, before its answer arrived.
        await store.FollowAsync("new", "author", default);
        sets.Apply("author", "new", follows: true);
        await store.UnfollowAsync("old", "author", default);
        sets.Apply("author", "old", follows: false);
        store.Open();
        var set = await loading;

        Assert.Equal(["new"], set.Users);
        Assert.True(set.Contains("new"));
        Assert.False(set.Contains("old"));
    }

    [Fact]
    public async Task Changes_apply_to_a_held_set_and_are_ignored_for_authors_not_held()
    {
        var store = new GatedStore();
        store.Open();
        var sets = new FollowerSets(store, new FakeTimeProvider(), Lifetime);
        var set = await sets.GetAsync("author", default);

        sets.Apply("author", "f1", follows: true);
        sets.Apply("someone-else", "f1", follows: true);

        Assert.Equal(["f1"], set.Users);
        Assert.Equal(1, sets.Count);
        sets.Apply("author", "f1", follows: false);
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public async Task A_set_is_read_again_after_its_lifetime_and_idle_sets_are_dropped()
    {
        var store = new GatedStore();
        store.Open();
        var time = new FakeTimeProvider();
        var sets = new FollowerSets(store, time, Lifetime);
        await sets.GetAsync("author", default);
        await sets.GetAsync("idle", default);
        // A follow this instance never heard of (e.g. during an outage).
        await store.FollowAsync("missed", "author", default);

        time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.False((await sets.GetAsync("author", default)).Contains("missed"));
        time.Advance(TimeSpan.FromSeconds(1));
        var reloaded = await sets.GetAsync("author", default);

        Assert.True(reloaded.Contains("missed"));
        Assert.Equal(3, store.FollowerReads);
        Assert.Equal(1, sets.Count); // "idle" swept
    }

    [Fact]
    public async Task A_failed_load_is_not_kept_and_the_next_read_tries_again()
    {
        var store = new GatedStore { Fail = true };
        store.Open();
        var sets = new FollowerSets(store, new FakeTimeProvider(), Lifetime);

        await store.FollowAsync("f1", "author", default);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => sets.GetAsync("author", default).AsTask());
        store.Fail = false;
        var set = await sets.GetAsync("author", default);

        Assert.Equal(["f1"], set.Users);
    }

    [Fact]
    public async Task Clear_forgets_every_set()
    {
        var store = new GatedStore();
        store.Open();
        var sets = new FollowerSets(store, new FakeTimeProvider(), Lifetime);
        await sets.GetAsync("author", default);
        await store.FollowAsync("missed", "author", default);

        sets.Clear();

        Assert.Equal(0, sets.Count);
        Assert.True((await sets.GetAsync("author", default)).Contains("missed"));
    }

    /// <summary>The in-memory store whose follower reads are counted and answer only at <see cref="Open"/>, with what was there when asked.</summary>
    private sealed class GatedStore : IFeedStore
    {
        private readonly InMemoryFeedStore _inner = new();
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _followerReads;

        public int FollowerReads => Volatile.Read(ref _followerReads);

        public bool Fail { get; set; }

        public void Open() => _open.TrySetResult();

        public async Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _followerReads);
            // The snapshot is taken now, the answer arrives at Open(): changes made in between are not in it.
            var followers = await _inner.GetFollowersAsync(userId, cancellationToken);
            await _open.Task;
            return Fail ? throw new StoreUnavailableException("the store is down", null) : followers;
        }

        public Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken) => _inner.FindUserAsync(userId, cancellationToken);
        public Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) => _inner.FindUsersAsync(userIds, cancellationToken);
        public Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken) => _inner.EnsureUserAsync(userId, cancellationToken);
        public Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken) => _inner.FollowAsync(follower, followee, cancellationToken);
        public Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken) => _inner.UnfollowAsync(follower, followee, cancellationToken);
        public Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) => _inner.GetFolloweesAsync(userId, cancellationToken);
        public Task AddPostAsync(Post post, CancellationToken cancellationToken) => _inner.AddPostAsync(post, cancellationToken);
        public Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken) => _inner.GetPostsAsync(authorIds, range, take, cancellationToken);
        public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
