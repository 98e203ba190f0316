using System.Net;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Metrics;

/// <summary>Reads a test server's <c>/metrics</c>.</summary>
internal static class MetricsScrape
{
    public static async Task<string> ScrapeAsync(FeedServer server)
    {
        using var response = await server.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until the exposition satisfies the condition (the exporter caches a scrape briefly).</summary>
    public static async Task<string> UntilAsync(FeedServer server, Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string text;
        while (!condition(text = await ScrapeAsync(server)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/metrics never showed {what}; last scrape:\n{text}");
            }
            await Task.Delay(100);
        }
        return text;
    }
}
