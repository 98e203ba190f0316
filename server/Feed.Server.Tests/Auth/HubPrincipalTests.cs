using System.Security.Claims;
using Feed.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace Feed.Server.Tests.Auth;

/// <summary>A hub connection keeps only the subject of its token; API requests keep every claim.</summary>
public sealed class HubPrincipalTests
{
    private static readonly ClaimsPrincipal FromToken = new(new ClaimsIdentity(
        [new Claim("sub", "ann"), new Claim("iss", "feed"), new Claim("aud", "feed-clients"), new Claim("exp", "1900000000")],
        "AuthenticationTypes.Federation"));

    private static TokenValidatedContext Validated(string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        var scheme = new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler));
        return new TokenValidatedContext(http, scheme, new JwtBearerOptions()) { Principal = FromToken };
    }

    [Fact]
    public async Task On_the_hub_the_principal_holds_only_the_subject_and_stays_authenticated()
    {
        var context = Validated(FeedHubMethods.Path);

        await FeedAuthExtensions.KeepOnlySubjectOnHub(context);

        var claim = Assert.Single(context.Principal!.Claims);
        Assert.Equal(("sub", "ann"), (claim.Type, claim.Value));
        Assert.True(context.Principal.Identity!.IsAuthenticated);
        Assert.Equal("ann", context.Principal.Identity.Name);
    }

    [Fact]
    public async Task Elsewhere_the_principal_is_left_as_the_token_made_it()
    {
        var context = Validated("/api/feed");

        await FeedAuthExtensions.KeepOnlySubjectOnHub(context);

        Assert.Same(FromToken, context.Principal);
    }
}
