using System.ComponentModel.DataAnnotations;

namespace Feed.Server.Delivery;

/// <summary><c>Feed:Fanout</c>: how Feed's engine finds who gets a post.</summary>
public sealed class FeedFanoutOptions
{
    public const string Section = "Feed:Fanout";

    /// <summary>
    /// How long an author's follower set, loaded when the author's post is first delivered here,
    /// is used before it is read from the store again. Bounds the memory held (recently active
    /// authors only) and how long a follow change this instance missed can go unseen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FollowerSetLifetime { get; set; } = TimeSpan.FromMinutes(2);
}
