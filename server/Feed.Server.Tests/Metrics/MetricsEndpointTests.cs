using System.Net;
using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Metrics;

/// <summary><c>GET /metrics</c>: Feed's meter and the platform's, in the Prometheus text format, without identities.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(FeedServerFixture fixture) : IClassFixture<FeedServerFixture>
{
    private FeedServer Server => fixture.Server;

    [Fact]
    public async Task Metrics_answer_in_the_prometheus_text_format_with_feed_and_platform_families()
    {
        await using var connection = await Server.ConnectAsync(TestUsers.New("scraped"));

        var text = await ScrapeUntilAsync(t =>
        {
            var families = PrometheusText.Families(t);
            return new[] { "feed_", "kestrel_", "http_server_", "signalr_" }.All(p => families.Any(f => f.StartsWith(p, StringComparison.Ordinal)));
        }, "feed_*, kestrel_*, http_server_* and signalr_* families");

        Assert.Contains("# TYPE feed_connections gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_posts_and_deliveries_are_counted_and_no_user_id_or_token_is_a_label()
    {
        var author = TestUsers.New("metered-author");
        var followers = new[] { TestUsers.New("metered-a"), TestUsers.New("metered-b") };
        var before = await ScrapeAsync();
        var tokens = new List<string> { await Server.TokenAsync(author) };
        foreach (var follower in followers)
        {
            using var http = await Server.HttpAsAsync(follower);
            tokens.Add(http.DefaultRequestHeaders.Authorization!.Parameter!);
            (await http.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
        }
        var connections = new List<FeedConnection> { await Server.ConnectAsync(author) };
        foreach (var follower in followers)
        {
            connections.Add(await Server.ConnectAsync(follower));
        }

        await ScrapeUntilAsync(t => PrometheusText.Sum(t, "feed_connections") >= 3, "feed_connections >= 3");
        using var authorHttp = await Server.HttpAsAsync(author);
        const int posts = 2;
        for (var i = 0; i < posts; i++)
        {
            var response = await authorHttp.PostAsJsonAsync("/api/posts", new { text = $"metered {i}" });
            var item = await response.Content.ReadFromJsonAsync<FeedItem>();
            await Task.WhenAll(connections.Select(c => c.Inbox.WaitForAsync(item!.Id)));
        }
        var after = await ScrapeUntilAsync(t =>
            Grew(before, t, "feed_posts_published_total") >= posts
            && Grew(before, t, "feed_deliveries_total") >= posts * connections.Count
            && Grew(before, t, "feed_store_duration_seconds_count") >= posts, "posts, deliveries and store calls counted");

        foreach (var secret in tokens.Concat(followers).Append(author))
        {
            Assert.DoesNotContain(secret, after, StringComparison.Ordinal);
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static double Grew(string before, string after, string metric) =>
        PrometheusText.Sum(after, metric) - PrometheusText.Sum(before, metric);

    private Task<string> ScrapeAsync() => MetricsScrape.ScrapeAsync(Server);

    private Task<string> ScrapeUntilAsync(Func<string, bool> condition, string what) => MetricsScrape.UntilAsync(Server, condition, what);
}

/// <summary><c>Feed:Metrics:Enabled=false</c> turns the scrape endpoint off.</summary>
public sealed class MetricsDisabledTests
{
    [Fact]
    public async Task With_metrics_disabled_there_is_no_scrape_endpoint()
    {
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?> { ["Feed:Metrics:Enabled"] = "false" });

        using var response = await server.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
