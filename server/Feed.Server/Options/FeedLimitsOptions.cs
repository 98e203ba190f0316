using System.ComponentModel.DataAnnotations;

namespace Feed.Server;

/// <summary><c>Feed:Limits</c>: abuse and resource limits.</summary>
public sealed class FeedLimitsOptions
{
    public const string Section = "Feed:Limits";

    /// <summary>Token bucket size: posts a user may make at once.</summary>
    [Range(1, 100_000)]
    public int PublishBurst { get; set; } = 20;

    /// <summary>Token bucket refill: sustained posts per second per user.</summary>
    [Range(0.001, 100_000)]
    public double PublishPerSecond { get; set; } = 5;

    /// <summary>Largest hub message a client may send (SignalR's MaximumReceiveMessageSize).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Messages that may wait for one slow connection before the server drops it; the client
    /// gap-fills with <c>GetFeed({after})</c> when it reconnects.
    /// </summary>
    [Range(1, 100_000)]
    public int SendBacklog { get; set; } = 256;

    /// <summary>
    /// Hub connections this instance holds at most: the open ones plus those admitted and still
    /// connecting. A new one above it is refused with 503 and Retry-After; 0 means no limit (the
    /// default: the right number depends on the host's memory and descriptors).
    /// </summary>
    [Range(0, 10_000_000, ErrorMessage = "Feed:Limits:MaxConnections must be between {1} and {2} (0: no limit)")]
    public int MaxConnections { get; set; }

    /// <summary>
    /// New hub connections this instance admits in any one second, so a reconnect storm is let in
    /// at a pace the instance keeps up with (the rest are refused with 503 and a Retry-After that
    /// gives each a turn); 0 means no limit.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Feed:Limits:ConnectsPerSecond must be between {1} and {2} (0: no limit)")]
    public int ConnectsPerSecond { get; set; } = 1000;
}

/// <summary><c>Feed:Cors</c>: which browser origins may call the API and open the hub.</summary>
public sealed class FeedCorsOptions
{
    public const string Section = "Feed:Cors";

    /// <summary>
    /// Allowed origins, e.g. <c>https://app.example.com</c>. Empty allows any origin: tokens are
    /// bearer tokens, never cookies, so another site cannot ride a user's session.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary><c>Feed:Admin</c>: operator endpoints.</summary>
public sealed class FeedAdminOptions
{
    public const string Section = "Feed:Admin";

    /// <summary>Enables <c>GET /api/admin/stats</c> (no token needed); defaults to Development only.</summary>
    public bool? Stats { get; set; }
}
