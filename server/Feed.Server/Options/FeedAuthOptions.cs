using System.ComponentModel.DataAnnotations;

namespace Feed.Server;

/// <summary>
/// <c>Feed:Auth</c>. Tokens are HS256 JWTs signed with <see cref="SigningKey"/>, which every
/// instance must share.
/// </summary>
public sealed class FeedAuthOptions
{
    public const string Section = "Feed:Auth";

    /// <summary>Used in Development when no key is configured; never valid elsewhere.</summary>
    internal const string DevelopmentKey = "feed-development-signing-key-do-not-use-in-production";

    [Required(ErrorMessage = "Feed:Auth:SigningKey is required outside Development (at least 32 characters, the same on every instance)")]
    [MinLength(32, ErrorMessage = "Feed:Auth:SigningKey must be at least 32 characters")]
    public string? SigningKey { get; set; }

    /// <summary>Enables <c>POST /api/auth/token</c>; defaults to true in Development only.</summary>
    public bool? DevTokens { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    internal const string Issuer = "feed";
    internal const string Audience = "feed";
}
