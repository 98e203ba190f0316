using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Server.Auth;

/// <summary>
/// Tokens from an OpenID Connect provider (<c>Feed:Auth:Authority</c>): JwtBearer reads the issuer
/// and signing keys from <c>{Authority}/.well-known/openid-configuration</c> and its JWKS, reads
/// them again every 12 hours, and at once (at most every 5 minutes) when a token names a key id
/// it does not know (<see cref="JwtBearerOptions.RefreshOnIssuerKeyNotFound"/>), so a key the
/// provider rotates in is picked up without a restart.
/// </summary>
internal static class IdentityProviderTokens
{
    /// <summary>Asymmetric algorithms only: a provider publishes public keys, never a shared secret.</summary>
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static void Configure(JwtBearerOptions jwt, FeedAuthOptions auth)
    {
        jwt.Authority = auth.Authority;
        jwt.Audience = auth.Audience;
        // Startup validation allows http only on loopback (a developer's or a test's own provider).
        jwt.RequireHttpsMetadata = !FeedAuthOptions.IsLoopbackHttp(new Uri(auth.Authority!));
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            // The issuer and keys come from discovery.
            ValidAudience = auth.Audience,
            ValidAlgorithms = Algorithms,
            NameClaimType = JwtRegisteredClaimNames.Sub,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}
