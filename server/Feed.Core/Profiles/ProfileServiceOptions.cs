using System.ComponentModel.DataAnnotations;

namespace Feed.Core;

/// <summary>
/// The external profile service (<c>Feed:Profiles</c>). When <see cref="BaseUrl"/> is empty,
/// profiles come from the store.
/// </summary>
public sealed class ProfileServiceOptions
{
    public const string Section = "Feed:Profiles";

    /// <summary>Profiles are fetched from <c>GET {BaseUrl}/api/users/{id}</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How many profile fetches may be in flight at once, across all pages.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Per-call timeout; a slower call yields a placeholder author.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a fetched profile is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(1);
}
