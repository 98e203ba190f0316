using System.Net;
using System.Net.Http.Headers;
using Feed.Server.Tests.Infrastructure;
using Feed.Server.Tests.Production;
using Feed.Testing;

namespace Feed.Server.Tests.Auth;

/// <summary>
/// <c>Feed:Auth:Authority</c> and <c>Feed:Auth:Audience</c>: tokens from an OpenID Connect
/// provider, its keys read from discovery and JWKS, a rotated key picked up without a restart.
/// </summary>
public sealed class IdentityProviderTests
{
    private const string Audience = "feed-api";

    [Fact]
    public async Task Rs256_tokens_from_the_authority_are_accepted_and_a_rotated_key_is_picked_up()
    {
        await using var idp = await TestIdentityProvider.StartAsync("key-1");
        // Production, with no signing key: the authority is the only source of keys.
        await using var server = await FeedServer.StartAsync(ProductionDefaultsTests.Production(
            ("Feed:Auth:Authority", idp.Authority.ToString()), ("Feed:Auth:Audience", Audience)));
        var user = TestUsers.New("idp-user");

        using (var first = await GetFeedAsync(server, idp.Sign(idp.Current, user, Audience)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        await using (var hub = await FeedClient.ConnectAsync(server.BaseUrl, idp.Sign(idp.Current, user, Audience)))
        {
            Assert.Equal(user, (await hub.PublishAsync("signed by the provider")).AuthorId);
        }
        using (var otherAudience = await GetFeedAsync(server, idp.Sign(idp.Current, user, "someone-else")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, otherAudience.StatusCode);
        }

        // The provider rotates: key-1 is gone, tokens come signed with key-2, a kid Feed has not seen.
        var rotated = TestIdentityProvider.NewKey("key-2");
        idp.Publish(rotated);
        var refreshed = idp.NextDownload();
        var downloadsBefore = idp.JwksDownloads;
        var token = idp.Sign(rotated, user, Audience);
        using (await GetFeedAsync(server, token))
        {
            // The unknown kid makes JwtBearer refresh the keys (RefreshOnIssuerKeyNotFound); this request may still be refused.
        }
        await refreshed.Limited();
        var accepted = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await GetFeedAsync(server, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.StatusCode;
        });

        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(downloadsBefore + 1, idp.JwksDownloads);
        // A key the provider never published is refused. (One it dropped stays accepted for up to an
        // hour: IdentityModel keeps the last known good configuration through a provider outage.)
        using var forged = await GetFeedAsync(server, idp.Sign(TestIdentityProvider.NewKey("key-3"), user, Audience));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Theory]
    [InlineData("http://idp.example.com/realms/feed", "feed-api", "Feed:Auth:Authority")]
    [InlineData("not a url", "feed-api", "Feed:Auth:Authority")]
    [InlineData("https://idp.example.com/realms/feed", null, "Feed:Auth:Audience")]
    public async Task A_bad_authority_set_up_stops_startup_naming_the_key(string authority, string? audience, string key)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(ProductionDefaultsTests.Production(
            ("Feed:Auth:Authority", authority), ("Feed:Auth:Audience", audience))));

        Assert.Contains(key, refused.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetFeedAsync(FeedServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feed");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await server.Http.SendAsync(request);
    }
}
