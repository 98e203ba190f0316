namespace Feed.Core;

/// <summary>A stored post waiting to be written into its author's followers' home timelines.</summary>
public sealed record FanoutJob(string PostId, string AuthorId, long CreatedAt)
{
    public FeedCursor Position => new(CreatedAt, PostId);
}

/// <summary>A job a worker took from the queue; <see cref="Receipt"/> identifies it to the queue (a stream entry id).</summary>
public sealed record ClaimedJob(FanoutJob Job, string Receipt);
