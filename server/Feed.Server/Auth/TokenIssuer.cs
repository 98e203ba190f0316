using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Server.Auth;

/// <summary>Issues and describes the HS256 JWTs the API and the hub accept.</summary>
internal sealed class TokenIssuer(IOptions<FeedAuthOptions> options, TimeProvider time)
{
    /// <summary>The issuer and audience of Feed's own tokens.</summary>
    internal const string Issuer = "feed";
    internal const string Audience = "feed";

    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string userId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId)]),
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey(options.Value), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(FeedAuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey!));

    public static TokenValidationParameters ValidationParameters(FeedAuthOptions options) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey(options),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.Sub,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
