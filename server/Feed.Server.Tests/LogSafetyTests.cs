using System.Net;
using System.Net.Http.Json;
using Feed.Client;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>Tokens must never reach the logs, at any level, whatever the request does with them.</summary>
public sealed class LogSafetyTests(FeedServerFixture fixture) : IClassFixture<FeedServerFixture>
{
    private FeedServer Server => fixture.Server;

    [Fact]
    public async Task No_log_line_at_any_level_contains_an_access_token()
    {
        var alice = TestUsers.New("alice");
        var token = await Server.TokenAsync(alice);
        const string forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.Zm9yZ2VkLXNpZ25hdHVyZQ";

        await using (var client = await FeedClient.ConnectAsync(Server.BaseUrl, token))
        {
            await client.PublishAsync("logged?");
            await client.GetFeedAsync();
        }
        using (var http = await Server.HttpAsAsync(alice))
        {
            await http.GetAsync("/api/feed");
            await http.GetAsync($"/api/feed?access_token={token}");
        }
        var rejected = await Assert.ThrowsAnyAsync<Exception>(() => FeedClient.ConnectAsync(Server.BaseUrl, forged));
        Assert.Contains("401", rejected.Message);
        using (var bad = new HttpClient { BaseAddress = Server.BaseUrl })
        {
            bad.DefaultRequestHeaders.Authorization = new("Bearer", forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await bad.PostAsJsonAsync("/api/posts", new { text = "x" })).StatusCode);
        }

        var lines = Server.Logs.Lines;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug); // all levels are captured
        var signature = token[(token.LastIndexOf('.') + 1)..];
        foreach (var secret in new[] { token, signature, forged, "Zm9yZ2VkLXNpZ25hdHVyZQ" })
        {
            var leak = lines.FirstOrDefault(l => l.Message.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"token in log: [{leak?.Category}] {leak?.Message}");
        }
    }
}
