using System.ComponentModel.DataAnnotations;

namespace Feed.Server.Profiles;

/// <summary>
/// The external profile service (<c>Feed:Profiles</c>). When <see cref="BaseUrl"/> is empty,
/// profiles come from the store.
/// </summary>
internal sealed class ProfileServiceOptions
{
    public const string Section = "Feed:Profiles";

    /// <summary>Profiles are fetched from <c>GET {BaseUrl}/api/users/{id}</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How many profile fetches may be in flight at once, across the process.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Per-call timeout; a slower call yields a placeholder author.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a fetched profile is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls the circuit breaker sees in its window before it may open (half of them failing opens it).</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumCalls { get; set; } = 10;

    /// <summary>How long an open breaker answers without calling the service before it tries one call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
