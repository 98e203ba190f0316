using System.Text.RegularExpressions;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;

namespace Feed.Server.Tests.Metrics;

/// <summary>
/// A new instance exports every metric README lists before anything has happened (counters at 0),
/// as Prometheus practice asks: <c>rate()</c> and alerts see the first increment, and a missing
/// series means a broken exporter, not a quiet instance.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class FreshScrapeTests
{
    [Fact]
    public async Task A_fresh_in_process_server_exports_every_listed_metric_but_the_backplane_ones()
    {
        var expected = ReadmeMetrics().Where(m => !m.StartsWith("feed_backplane_", StringComparison.Ordinal)).ToList();
        await using var server = await FeedServer.StartAsync();

        var text = await AssertAllPresentAtZeroAsync(server, expected);

        Assert.DoesNotContain("feed_backplane_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_server_on_the_redis_backplane_exports_every_listed_metric()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = await FeedServer.StartAsync(ScaleOutScenario.Settings(redis.ConnectionString));

        var text = await AssertAllPresentAtZeroAsync(server, ReadmeMetrics());

        Assert.True(HasSeries(text, "feed_backplane_messages_total", "direction=\"in\""));
        Assert.True(HasSeries(text, "feed_backplane_messages_total", "direction=\"out\""));
    }

    private static async Task<string> AssertAllPresentAtZeroAsync(FeedServer server, IReadOnlyList<string> expected)
    {
        Assert.Contains("feed_connections", expected);
        var text = await MetricsScrape.UntilAsync(server, t => expected.All(PrometheusText.Families(t).Contains),
            "every metric README lists: " + string.Join(", ", expected));

        foreach (var counter in expected.Where(m => m.EndsWith("_total", StringComparison.Ordinal) || m == "feed_connections"))
        {
            Assert.True(PrometheusText.Sum(text, counter) == 0, $"{counter} is not 0 on a fresh server");
        }
        Assert.True(HasSeries(text, "feed_profile_fetches_total", "outcome=\"ok\""));
        Assert.True(HasSeries(text, "feed_profile_fetches_total", "outcome=\"failed\""));
        return text;
    }

    private static bool HasSeries(string exposition, string metric, string label) =>
        exposition.Split('\n').Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));

    /// <summary>The <c>feed_*</c> names in README's "Metrics" paragraph.</summary>
    private static IReadOnlyList<string> ReadmeMetrics()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("- **Metrics**", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Metrics paragraph");
        var end = readme.IndexOf("\n- **", start + 1, StringComparison.Ordinal);
        return [.. FeedMetricName().Matches(readme[start..end]).Select(m => m.Value).Distinct()];
    }

    [GeneratedRegex("feed_[a-z_]+[a-z]")]
    private static partial Regex FeedMetricName();
}
