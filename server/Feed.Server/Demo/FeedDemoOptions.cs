using System.ComponentModel.DataAnnotations;

namespace Feed.Server;

/// <summary><c>Feed:Demo</c>: demo users and activity for the in-memory store.</summary>
public sealed class FeedDemoOptions
{
    public const string Section = "Feed:Demo";

    /// <summary>Seed demo users, follows and posts into the in-memory store.</summary>
    public bool Seed { get; set; } = true;

    [Range(0, 100_000)]
    public int Users { get; set; } = 300;

    /// <summary>How often a random demo user posts; zero turns demo activity off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(4);
}
