using System.Collections.Concurrent;

namespace Feed.Core;

/// <summary>
/// The embedded store: everything in process memory, lost at exit. Per-author post lists are
/// kept sorted by (createdAt, id) under a lock each, so a feed read merges a few sorted
/// slices instead of scanning every post.
/// </summary>
public sealed class InMemoryFeedStore : IFeedStore
{
    private readonly ConcurrentDictionary<string, UserProfile> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _followees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _followers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<Post>> _postsByAuthor = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Post> _postsById = new(StringComparer.Ordinal);

    public Task<UserProfile?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault(userId));

    public Task<IReadOnlyList<UserProfile>> FindUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        Task.FromResult(Found(_users, userIds));

    /// <summary>The values of those keys that are present; the others are left out.</summary>
    private static IReadOnlyList<T> Found<T>(ConcurrentDictionary<string, T> index, IReadOnlyCollection<string> keys)
    {
        var found = new List<T>(keys.Count);
        foreach (var key in keys)
        {
            if (index.TryGetValue(key, out var value))
            {
                found.Add(value);
            }
        }
        return found;
    }

    public Task<UserProfile> EnsureUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetOrAdd(userId, id => new UserProfile(id, id, null, null)));

    /// <summary>Adds or replaces a user (demo data).</summary>
    public void PutUser(UserProfile user) => _users[user.Id] = user;

    public Task<bool> FollowAsync(string follower, string followee, CancellationToken cancellationToken)
    {
        // Both directions, each under its own set's lock; the followee side is written second,
        // so a reader of followers never sees a follow the follower side does not have.
        if (!Change(_followees, follower, followee, add: true))
        {
            return Task.FromResult(false);
        }
        Change(_followers, followee, follower, add: true);
        return Task.FromResult(true);
    }

    public Task<bool> UnfollowAsync(string follower, string followee, CancellationToken cancellationToken)
    {
        if (!Change(_followees, follower, followee, add: false))
        {
            return Task.FromResult(false);
        }
        Change(_followers, followee, follower, add: false);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<string>> GetFolloweesAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Snapshot(_followees, userId));

    public Task<IReadOnlyList<string>> GetFollowersAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Snapshot(_followers, userId));

    public Task<IReadOnlySet<string>> GetFollowedAmongAsync(string follower, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
    {
        var followed = new HashSet<string>(StringComparer.Ordinal);
        if (_followees.TryGetValue(follower, out var followees))
        {
            lock (followees)
            {
                followed.UnionWith(candidates.Where(followees.Contains));
            }
        }
        return Task.FromResult<IReadOnlySet<string>>(followed);
    }

    private static bool Change(ConcurrentDictionary<string, HashSet<string>> index, string key, string member, bool add)
    {
        var set = add ? index.GetOrAdd(key, _ => new HashSet<string>(StringComparer.Ordinal)) : index.GetValueOrDefault(key);
        if (set is null)
        {
            return false;
        }
        lock (set)
        {
            return add ? set.Add(member) : set.Remove(member);
        }
    }

    private static IReadOnlyList<string> Snapshot(ConcurrentDictionary<string, HashSet<string>> index, string key)
    {
        if (!index.TryGetValue(key, out var set))
        {
            return [];
        }
        lock (set)
        {
            return [.. set];
        }
    }

    public Task AddPostAsync(Post post, CancellationToken cancellationToken)
    {
        var posts = _postsByAuthor.GetOrAdd(post.AuthorId, _ => []);
        lock (posts)
        {
            // Posts nearly always arrive in order, so this is an append; seeds may not.
            var index = posts.Count;
            while (index > 0 && posts[index - 1].Position.CompareTo(post.Position) > 0)
            {
                index--;
            }
            posts.Insert(index, post);
        }
        _postsById[post.Id] = post;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Post>> GetPostsAsync(IReadOnlyCollection<string> authorIds, PostRange range, int take, CancellationToken cancellationToken)
    {
        var candidates = new List<Post>();
        foreach (var authorId in authorIds)
        {
            if (_postsByAuthor.TryGetValue(authorId, out var posts))
            {
                lock (posts)
                {
                    AddSlice(posts, range, take, candidates);
                }
            }
        }
        candidates.Sort((a, b) => range.Ascending
            ? a.Position.CompareTo(b.Position)
            : b.Position.CompareTo(a.Position));
        if (candidates.Count > take)
        {
            candidates.RemoveRange(take, candidates.Count - take);
        }
        return Task.FromResult<IReadOnlyList<Post>>(candidates);
    }

    public Task<IReadOnlyList<Post>> GetPostsByIdAsync(IReadOnlyCollection<string> postIds, CancellationToken cancellationToken) =>
        Task.FromResult(Found(_postsById, postIds));

    public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds up to <paramref name="take"/> posts of one sorted list that lie in range, nearest the cursor first.</summary>
    private static void AddSlice(List<Post> posts, PostRange range, int take, List<Post> into)
    {
        if (range.Ascending)
        {
            var start = UpperBound(posts, range.After!.Value);
            for (var i = start; i < posts.Count && i < start + take; i++)
            {
                into.Add(posts[i]);
            }
            return;
        }
        var end = range.Before is { } before ? LowerBound(posts, before) : posts.Count;
        for (var i = end - 1; i >= 0 && i >= end - take; i--)
        {
            into.Add(posts[i]);
        }
    }

    /// <summary>Index of the first post at or after the position.</summary>
    private static int LowerBound(List<Post> posts, FeedCursor position)
    {
        int lo = 0, hi = posts.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (posts[mid].Position.CompareTo(position) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Index of the first post strictly after the position.</summary>
    private static int UpperBound(List<Post> posts, FeedCursor position)
    {
        int lo = 0, hi = posts.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (posts[mid].Position.CompareTo(position) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
