using System.ComponentModel.DataAnnotations;

namespace Feed.Core;

/// <summary>
/// <c>Feed:Timelines</c>: home timelines materialized on write (docs/fan-out.md, "Home timelines").
/// <code>
/// { "Feed": { "Timelines": { "Capacity": 800, "CelebrityFollowers": 10000, "InactivityTtl": "7.00:00:00" } } }
/// </code>
/// </summary>
public sealed class TimelineOptions
{
    public const string Section = "Feed:Timelines";

    /// <summary>False: every page is the fan-out-on-read store query (no timelines, no fan-out jobs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Post ids a home timeline keeps (the newest); older pages come from the store query.</summary>
    [Range(10, 100_000, ErrorMessage = "Feed:Timelines:Capacity must be between {1} and {2}")]
    public int Capacity { get; set; } = 800;

    /// <summary>Authors with more followers than this are not fanned out on write; their posts are merged in at read time.</summary>
    [Range(1, 100_000_000, ErrorMessage = "Feed:Timelines:CelebrityFollowers must be between {1} and {2}")]
    public int CelebrityFollowers { get; set; } = 10_000;

    /// <summary>A timeline nobody read for this long is dropped (rebuilt from the store on its next read).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Feed:Timelines:InactivityTtl must be between {1} and {2}")]
    public TimeSpan InactivityTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Followers' timelines written per round trip while fanning a post out.</summary>
    [Range(1, 100_000, ErrorMessage = "Feed:Timelines:FanoutBatchSize must be between {1} and {2}")]
    public int FanoutBatchSize { get; set; } = 500;

    /// <summary>Tests only: a pause after each batch of a fan-out, so a test can kill an instance mid-job. Leave at 0.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Feed:Timelines:FanoutBatchDelay must be between {1} and {2}")]
    public TimeSpan FanoutBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Redis: a job left unacknowledged this long by its consumer (an instance that died) is taken over by another.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Feed:Timelines:ClaimAfter must be between {1} and {2}")]
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Redis: a job-stream consumer (one per instance run) idle this long with no job pending is
    /// removed from the group, so instances that stopped leave no consumer behind. Swept this
    /// often too. A live instance reads every <see cref="PollInterval"/>; one removed after a
    /// long partition is added again by its next read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Feed:Timelines:RemoveConsumerAfter must be between {1} and {2}")]
    public TimeSpan RemoveConsumerAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Redis: how often an idle worker asks the job stream for other instances' jobs (a job
    /// published here wakes this instance's worker at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10", ErrorMessage = "Feed:Timelines:PollInterval must be between {1} and {2}")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
