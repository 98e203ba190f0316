using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// Feed pages from home timelines (docs/fan-out.md, "Home timelines"). A page is the timeline's
/// post ids, plus the posts whose fan-out has not run yet (pending jobs) and the recent posts of
/// followed celebrities (never fanned out), fetched by id and merged: exactly the page the
/// fan-out-on-read store query gives, or null when the timeline cannot vouch for it (the page
/// reaches below the timeline's floor, the timeline store is down) and the caller runs that query.
/// A missing timeline is rebuilt from the store once per user however many reads ask at once.
/// Writes (publish, follow, the fan-out jobs) are in HomeTimelines.Writes.cs.
/// </summary>
public sealed partial class HomeTimelines(IFeedStore store, IHomeTimelineStore timelines, IFanoutQueue queue, TimelineOptions options,
    TimelineTrust trust, TimeProvider time, ILogger<HomeTimelines> logger, TimelineMetrics? metrics = null)
{
    // Read beyond the page for cursor ties and posts of authors no longer followed, which are dropped.
    private const int Slack = 8;
    private readonly ConcurrentDictionary<string, Task<bool>> _rebuilds = new(StringComparer.Ordinal);
    private long _rebuildCount;
    private long _served;

    /// <summary>Timelines rebuilt from the store by this instance.</summary>
    public long Rebuilds => Interlocked.Read(ref _rebuildCount);

    /// <summary>Pages this instance answered from timelines (the rest came from the store query).</summary>
    public long PagesServed => Interlocked.Read(ref _served);

    /// <summary>
    /// Up to <paramref name="take"/> posts by the user and their followees in the range, ordered
    /// like <see cref="IFeedStore.GetPostsAsync"/>; null when the store query must answer. Never
    /// reads the whole followee list: the page's own authors are checked against the follows.
    /// </summary>
    public async Task<IReadOnlyList<Post>?> ReadAsync(string userId, PostRange range, int take, CancellationToken cancellationToken)
    {
        var page = await TryReadAsync(userId, range, take, cancellationToken);
        metrics?.Page(fromTimeline: page is not null);
        return page;
    }

    private async Task<IReadOnlyList<Post>?> TryReadAsync(string userId, PostRange range, int take, CancellationToken cancellationToken)
    {
        if (!await trust.EnsureAsync(cancellationToken))
        {
            return null;
        }
        try
        {
            // Pending first: a job completes after its timeline writes, so no post slips between the two reads.
            var pending = await queue.GetPendingAsync(cancellationToken);
            var celebrities = await timelines.GetCelebritiesAsync(cancellationToken);
            var read = await ReadReadyAsync(userId, range, take + Slack, cancellationToken);
            if (read is null || (range.After is { } after && after.CreatedAt <= read.Floor))
            {
                return null;
            }
            return await MergeAsync(userId, range, take, pending, celebrities, read, take + Slack, cancellationToken);
        }
        catch (TimelineUnavailableException e)
        {
            TimelineLog.ReadFromStore(logger, e.Message);
            return null;
        }
    }

    private async Task<TimelineRead?> ReadReadyAsync(string userId, PostRange range, int count, CancellationToken cancellationToken)
    {
        var read = await timelines.ReadAsync(userId, range, count, cancellationToken);
        if (read.State == TimelineState.Ready)
        {
            return read;
        }
        if (!await RebuildAsync(userId, cancellationToken))
        {
            return null;
        }
        read = await timelines.ReadAsync(userId, range, count, cancellationToken);
        return read.State == TimelineState.Ready ? read : null;
    }

    private async Task<IReadOnlyList<Post>?> MergeAsync(string userId, PostRange range, int take,
        IReadOnlyList<FanoutJob> pending, IReadOnlyCollection<string> celebrities, TimelineRead read, int asked, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new HashSet<string>(celebrities, StringComparer.Ordinal);
        foreach (var entry in read.Entries)
        {
            if (range.Contains(entry))
            {
                ids.Add(entry.PostId);
            }
        }
        foreach (var job in pending)
        {
            if (range.Contains(job.Position))
            {
                ids.Add(job.PostId);
                candidates.Add(job.AuthorId);
            }
        }
        var byId = ids.Count == 0 ? [] : await store.GetPostsByIdAsync(ids, cancellationToken);
        candidates.UnionWith(byId.Select(p => p.AuthorId));
        candidates.Remove(userId);
        // The page's authors (entries may outlive an unfollow; pending jobs and celebrities are everyone's), not every followee.
        var followed = new HashSet<string>(await store.GetFollowedAmongAsync(userId, candidates, cancellationToken), StringComparer.Ordinal) { userId };
        var stars = celebrities.Where(followed.Contains).ToList();
        var starPosts = stars.Count == 0 ? [] : await store.GetPostsAsync(stars, range, take, cancellationToken);

        var merged = new Dictionary<string, Post>(StringComparer.Ordinal);
        foreach (var post in byId.Concat(starPosts))
        {
            if (followed.Contains(post.AuthorId))
            {
                merged.TryAdd(post.Id, post);
            }
        }
        var page = merged.Values.ToList();
        page.Sort((a, b) => range.Ascending ? a.Position.CompareTo(b.Position) : b.Position.CompareTo(a.Position));
        if (page.Count > take)
        {
            page.RemoveRange(take, page.Count - take);
        }
        if (!CoveredByTimeline(page, range, take, read, asked))
        {
            return null;
        }
        Interlocked.Increment(ref _served);
        return page;
    }

    /// <summary>
    /// Whether the timeline holds every post down to the page's last: it does to the last entry
    /// read when it gave all that was asked, else down to its floor. Pending and celebrity posts
    /// are complete by construction (all pending jobs; the celebrities' own first page).
    /// </summary>
    private static bool CoveredByTimeline(List<Post> page, PostRange range, int take, TimelineRead read, int asked)
    {
        var exhausted = read.Entries.Count < asked;
        if (exhausted && (range.Ascending || read.Floor == TimelineFloor.Complete))
        {
            return true;
        }
        if (page.Count < take)
        {
            return false;
        }
        var last = page[^1].Position;
        if (exhausted)
        {
            return last.CreatedAt > read.Floor;
        }
        var boundary = read.Entries[^1];
        return range.Ascending ? last.CompareTo(boundary) <= 0 : last.CompareTo(boundary) >= 0;
    }

    /// <summary>Rebuilds the user's timeline unless a rebuild is under way here, which it waits for instead.</summary>
    private Task<bool> RebuildAsync(string userId, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _rebuilds.GetOrAdd(userId, mine.Task);
        if (running == mine.Task)
        {
            _ = RunRebuildAsync(userId, mine);
        }
        return running.WaitAsync(cancellationToken);
    }

    private async Task RunRebuildAsync(string userId, TaskCompletionSource<bool> result)
    {
        try
        {
            result.SetResult(await RebuildCoreAsync(userId));
        }
        catch (Exception e)
        {
            result.SetException(e);
        }
        finally
        {
            _rebuilds.TryRemove(KeyValuePair.Create(userId, result.Task));
        }
    }

    /// <summary>
    /// Marks the timeline being built first, so fan-out writes from then on land in it; the follows
    /// and posts read after that hold everything written before. Never cancelled by one reader:
    /// others wait for it.
    /// </summary>
    private async Task<bool> RebuildCoreAsync(string userId)
    {
        Interlocked.Increment(ref _rebuildCount);
        metrics?.Rebuilt();
        var none = CancellationToken.None;
        var token = await timelines.BeginRebuildAsync(userId, none);
        var followees = await store.GetFolloweesAsync(userId, none);
        var celebrities = await timelines.GetCelebritiesAsync(none);
        var authors = followees.Append(userId).Where(a => !celebrities.Contains(a)).ToList();
        var posts = await store.GetPostsAsync(authors, PostRange.Newest, options.Capacity, none);
        var floor = posts.Count < options.Capacity ? TimelineFloor.Complete : posts[^1].CreatedAt;
        return await timelines.FinishRebuildAsync(userId, token, [.. posts.Select(p => p.Position)], floor, none);
    }
}
