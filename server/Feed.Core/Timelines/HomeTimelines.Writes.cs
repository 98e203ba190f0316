namespace Feed.Core;

// Writes: a published post becomes a fan-out job; a job writes the post into each follower's
// timeline; a follow backfills the followee's recent posts and an unfollow removes them.
public sealed partial class HomeTimelines
{
    private long _entriesWritten;

    /// <summary>Timeline entries written by this instance's fan-out jobs.</summary>
    public long EntriesWritten => Interlocked.Read(ref _entriesWritten);

    /// <summary>Enqueues the stored post's fan-out job (pending from now on, so every page shows it); returns without fanning out.</summary>
    public async Task PostedAsync(Post post)
    {
        try
        {
            // Not cancellable: the post is stored, and a job not enqueued would be a post missing from timelines.
            await queue.EnqueueAsync(new FanoutJob(post.Id, post.AuthorId, post.CreatedAt), CancellationToken.None);
        }
        catch (TimelineUnavailableException e)
        {
            Lost("enqueueing a fan-out job", e);
        }
    }

    /// <summary>
    /// Runs one job: the post's position into the timelines of its author and each follower, in
    /// batches, telling the queue after each that the job is alive. Idempotent (a position added
    /// twice is kept once), so a job taken over from a dead worker may simply run again. An author
    /// with more followers than <see cref="TimelineOptions.CelebrityFollowers"/> is marked instead.
    /// </summary>
    public async Task FanOutAsync(ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = claimed.Job;
        var followers = await store.GetFollowersAsync(job.AuthorId, cancellationToken);
        if (followers.Count > options.CelebrityFollowers)
        {
            await timelines.AddCelebrityAsync(job.AuthorId, cancellationToken);
            TimelineLog.CelebrityMarked(logger, job.AuthorId, followers.Count);
            return;
        }
        FeedCursor[] entry = [job.Position];
        foreach (var batch in followers.Prepend(job.AuthorId).Chunk(options.FanoutBatchSize))
        {
            await timelines.AddAsync(batch, entry, TimelineFloor.Complete, cancellationToken);
            Interlocked.Add(ref _entriesWritten, batch.Length);
            metrics?.EntriesWritten(batch.Length);
            if (options.FanoutBatchDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.FanoutBatchDelay, time, cancellationToken);
            }
            await queue.KeepAsync(claimed, cancellationToken);
        }
    }

    /// <summary>The follow is stored: the followee's recent posts go into the user's timeline (if it exists), so the next page has them.</summary>
    public Task FollowedAsync(string userId, string followee) =>
        ChangeAsync(userId, followee, "backfilling a follow", (entries, floor) => timelines.AddAsync([userId], entries, floor, CancellationToken.None));

    /// <summary>The unfollow is stored: the followee's recent posts leave the user's timeline (reads drop any that remain).</summary>
    public Task UnfollowedAsync(string userId, string followee) =>
        ChangeAsync(userId, followee, "removing an unfollowed author's posts", (entries, _) => timelines.RemoveAsync(userId, entries, CancellationToken.None));

    private async Task ChangeAsync(string userId, string followee, string doing, Func<IReadOnlyList<FeedCursor>, long, Task> apply)
    {
        try
        {
            // Not cancellable: the follow is stored, and a timeline left without its backfill would show wrong pages.
            var posts = await store.GetPostsAsync([followee], PostRange.Newest, options.Capacity, CancellationToken.None);
            // With a full page the followee may have older posts the timeline does not get: its floor rises above them.
            var floor = posts.Count < options.Capacity ? TimelineFloor.Complete : posts[^1].CreatedAt;
            await apply([.. posts.Select(p => p.Position)], floor);
        }
        catch (Exception e) when (e is TimelineUnavailableException or StoreUnavailableException)
        {
            Lost(doing, e);
        }
    }

    private void Lost(string doing, Exception e)
    {
        trust.Distrust();
        TimelineLog.WriteLost(logger, doing, e.Message);
    }
}
