using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Server.Tests.Auth;

/// <summary>Correctly signed tokens with whatever claims a test needs, as a token issuer would make them.</summary>
internal static class TestTokens
{
    /// <summary>An HS256 token in the shape Feed issues (issuer and audience <c>feed</c>); no <c>sub</c> when <paramref name="subject"/> is null.</summary>
    public static string Hs256(string signingKey, string? subject) =>
        Sign(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
            "feed", "feed", subject);

    public static string Sign(SigningCredentials credentials, string issuer, string audience, string? subject)
    {
        var claims = new Dictionary<string, object>();
        if (subject is not null)
        {
            claims[JwtRegisteredClaimNames.Sub] = subject;
        }
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = credentials,
        });
    }
}
