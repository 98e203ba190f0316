using System.Net;
using System.Net.Http.Json;
using Feed.Server.Tests.Infrastructure;
using Feed.Server.Tests.Production;

namespace Feed.Server.Tests.Api;

/// <summary>
/// <c>/api/admin/stats</c> outside Development: enabled only with an admin key, which every
/// request must carry (<c>X-Admin-Key</c>), and a forced collection at most once per 10 s.
/// </summary>
public sealed class AdminStatsCredentialTests
{
    private const string AdminKey = "admin-stats-tests-admin-key-0123456789";
    private const string SigningKey = "admin-stats-tests-signing-key-0123456789";

    [Fact]
    public async Task Enabling_stats_in_production_without_an_admin_key_stops_startup_naming_the_key()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(ProductionDefaultsTests.Production(
            ("Feed:Auth:SigningKey", SigningKey), ("Feed:Admin:Stats", "true"))));

        Assert.Contains("Feed:Auth:AdminKey", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_stats_need_the_admin_key_and_a_forced_collection_runs_at_most_once_per_10_seconds()
    {
        await using var server = await FeedServer.StartAsync(ProductionDefaultsTests.Production(
            ("Feed:Auth:SigningKey", SigningKey), ("Feed:Admin:Stats", "true"), ("Feed:Auth:AdminKey", AdminKey)));

        using var anonymous = await server.Http.GetAsync("/api/admin/stats?gc=true");
        using var wrongKey = await GetStatsAsync(server, "?gc=true", AdminKey + "x");
        using var userToken = await GetStatsAsync(server, "?gc=true", key: null, bearer: Auth.TestTokens.Hs256(SigningKey, "an-ordinary-user"));
        using var stats = await GetStatsAsync(server, "", AdminKey);
        using var collected = await GetStatsAsync(server, "?gc=true", AdminKey);
        using var again = await GetStatsAsync(server, "?gc=true", AdminKey);

        foreach (var refused in new[] { anonymous, wrongKey, userToken })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("X-Admin-Key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, collected.StatusCode);
        Assert.True((await collected.Content.ReadFromJsonAsync<Dictionary<string, object>>())!.ContainsKey("managedHeapBytes"));
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        var retryAfter = again.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    private static Task<HttpResponseMessage> GetStatsAsync(FeedServer server, string query, string? key, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/stats" + query);
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        return server.Http.SendAsync(request);
    }
}
