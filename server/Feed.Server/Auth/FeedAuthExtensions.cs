using System.Security.Claims;
using Feed.Core;
using Feed.Server.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Feed.Server;

/// <summary>
/// Bearer-token authentication for the API and the hub: tokens from an OpenID Connect provider
/// (<c>Feed:Auth:Authority</c>) or HS256 tokens signed with <c>Feed:Auth:SigningKey</c>.
/// </summary>
internal static class FeedAuthExtensions
{
    public static IServiceCollection AddFeedAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<FeedAuthOptions>()
            .Bind(configuration.GetSection(FeedAuthOptions.Section))
            .PostConfigure(o =>
            {
                // Development runs out of the box; anywhere else a missing key fails startup.
                if (string.IsNullOrEmpty(o.SigningKey) && !o.UsesAuthority && environment.IsDevelopment())
                {
                    o.SigningKey = FeedAuthOptions.DevelopmentKey;
                }
                // Dev tokens are HS256: with an identity provider nothing would accept them.
                o.DevTokens ??= environment.IsDevelopment() && !o.UsesAuthority;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<TokenIssuer>();
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<FeedAuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                if (auth.Value.UsesAuthority)
                {
                    IdentityProviderTokens.Configure(jwt, auth.Value);
                }
                else
                {
                    jwt.TokenValidationParameters = TokenIssuer.ValidationParameters(auth.Value);
                }
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadWebSocketToken,
                    OnTokenValidated = AcceptSubject,
                    OnChallenge = TokenSubject.ChallengeAsync,
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Browsers cannot set headers on a WebSocket, so SignalR clients send the token as the
    /// <c>access_token</c> query parameter; accept it on the hub path only.
    /// </summary>
    private static Task ReadWebSocketToken(MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"];
        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(FeedHubMethods.Path))
        {
            context.Token = token;
        }
        return Task.CompletedTask;
    }

    /// <summary>Every token's user id passes <see cref="TokenSubject"/>, then the hub keeps only that.</summary>
    private static Task AcceptSubject(TokenValidatedContext context)
    {
        TokenSubject.Check(context);
        return context.Result is null ? KeepOnlySubjectOnHub(context) : Task.CompletedTask;
    }

    /// <summary>
    /// A hub connection keeps its user for as long as the socket is open, and the principal the
    /// JWT handler builds (every registered claim with its property bags, plus the parsed token
    /// behind them) costs about 3 KiB per connection. The hub only ever reads <c>sub</c>, so on
    /// the hub path the principal is replaced by one holding just that claim.
    /// </summary>
    internal static Task KeepOnlySubjectOnHub(TokenValidatedContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments(FeedHubMethods.Path)
            && context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub) is { } subject)
        {
            var identity = new ClaimsIdentity(
                [new Claim(JwtRegisteredClaimNames.Sub, subject.Value)],
                context.Scheme.Name, JwtRegisteredClaimNames.Sub, roleType: null);
            context.Principal = new ClaimsPrincipal(identity);
        }
        return Task.CompletedTask;
    }

    private sealed class SubjectUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
    }
}
