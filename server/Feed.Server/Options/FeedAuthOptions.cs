using System.ComponentModel.DataAnnotations;
using Feed.Core;

namespace Feed.Server;

/// <summary>
/// <c>Feed:Auth</c>. Tokens come from one of two sources: an OpenID Connect identity provider
/// (<see cref="Authority"/> and <see cref="Audience"/>: its keys are read from its discovery
/// document and JWKS and follow its rotations), or HS256 JWTs signed with
/// <see cref="SigningKey"/>, which every instance must share (development, tests, dev tokens).
/// </summary>
public sealed class FeedAuthOptions : IValidatableObject
{
    public const string Section = "Feed:Auth";

    /// <summary>Used in Development when no key is configured; never valid elsewhere.</summary>
    internal const string DevelopmentKey = "feed-development-signing-key-do-not-use-in-production";

    [MinLength(32, ErrorMessage = "Feed:Auth:SigningKey must be at least 32 characters")]
    public string? SigningKey { get; set; }

    /// <summary>
    /// The identity provider's issuer URL, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>;
    /// https, or http on a loopback address only (a developer's or a test's own provider).
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens from <see cref="Authority"/> must name: the API's identifier there.</summary>
    public string? Audience { get; set; }

    /// <summary>Enables <c>POST /api/auth/token</c>; defaults to true in Development with HS256 tokens only.</summary>
    public bool? DevTokens { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The operator's key for <c>/api/admin/stats</c> (header <c>X-Admin-Key</c>): asked for
    /// whenever set, and needed to enable the endpoint outside Development.
    /// </summary>
    [MinLength(32, ErrorMessage = "Feed:Auth:AdminKey must be at least 32 characters")]
    public string? AdminKey { get; set; }

    internal bool UsesAuthority => !string.IsNullOrEmpty(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesAuthority)
        {
            if (string.IsNullOrEmpty(SigningKey))
            {
                yield return new ValidationResult("Feed:Auth:SigningKey is required outside Development (at least 32 characters, the same on every instance), unless Feed:Auth:Authority names an identity provider");
            }
            if (!string.IsNullOrEmpty(Audience))
            {
                yield return new ValidationResult("Feed:Auth:Audience is used with Feed:Auth:Authority only; set the authority or remove the audience");
            }
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || !(authority.Scheme == Uri.UriSchemeHttps || IsLoopbackHttp(authority)))
        {
            yield return new ValidationResult("Feed:Auth:Authority must be the identity provider's https URL (http only on a loopback address)");
        }
        if (string.IsNullOrEmpty(Audience))
        {
            yield return new ValidationResult("Feed:Auth:Audience is required with Feed:Auth:Authority (the API's identifier at the identity provider)");
        }
        if (!string.IsNullOrEmpty(SigningKey))
        {
            yield return new ValidationResult("Feed:Auth:SigningKey and Feed:Auth:Authority are exclusive: tokens come from one of them");
        }
        if (DevTokens == true)
        {
            yield return new ValidationResult("Feed:Auth:DevTokens cannot be on with Feed:Auth:Authority: the identity provider issues the tokens");
        }
    }

    /// <summary>JwtBearer requires https metadata; plain http is accepted from this machine only.</summary>
    internal static bool IsLoopbackHttp(Uri authority) => authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback;
}
