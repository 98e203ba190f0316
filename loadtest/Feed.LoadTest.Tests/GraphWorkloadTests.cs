using System.Globalization;
using System.Text.Json;
using Feed.LoadTest.Options;

namespace Feed.LoadTest.Tests;

/// <summary>
/// The graph workload run end to end against a real server (in-process store and delivery):
/// correctness only, never timing.
/// </summary>
public sealed class GraphWorkloadTests(LoadTestServer server) : IClassFixture<LoadTestServer>
{
    [Fact]
    public async Task Three_hundred_connections_following_fifty_of_five_hundred_authors_get_every_post_of_the_top_authors_once()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loadtest-graph-{Guid.NewGuid():N}.json");
        try
        {
            var exitCode = await LoadTestProgram.Main([
                "--url", server.BaseUrl.ToString(), "--connections", "300", "--authors", "500", "--follows", "50",
                "--author-pick", "top", "--burst", "20", "--drain", "60", "--protocol", "messagepack",
                "--user-prefix", "g" + Guid.NewGuid().ToString("N")[..8], "--out", path, "--quiet",
            ]);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = json.RootElement;
            var context = root.ToString();
            Assert.True(exitCode == LoadTestProgram.ExitOk, context);
            var graph = root.GetProperty("graph");
            Assert.Equal(500, graph.GetProperty("authors").GetInt32());
            Assert.Equal(50, graph.GetProperty("followsPerConnection").GetInt32());
            Assert.Equal(1.0, graph.GetProperty("skew").GetDouble());
            Assert.Equal(15_000, graph.GetProperty("memberships").GetInt64());
            Assert.Equal("http", graph.GetProperty("postedVia").GetString());
            var top = graph.GetProperty("topAuthorFollowers").GetInt32();
            Assert.InRange(top, 150, 300); // the top of a Zipf(1) law over 500 is in most connections' 50
            Assert.True(graph.GetProperty("medianAuthorFollowers").GetDouble() < top, context);

            var deliveries = root.GetProperty("deliveries");
            var expected = deliveries.GetProperty("expected").GetInt64();
            Assert.True(expected > 20L * 100, context); // 20 of the most-followed authors, each followed by over 100
            Assert.True(expected < 20L * 300, context); // but not by everyone: the graph, not a broadcast
            Assert.Equal(expected, deliveries.GetProperty("received").GetInt64());
            Assert.Equal(0, deliveries.GetProperty("missing").GetInt64());
            Assert.Equal(0, deliveries.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, deliveries.GetProperty("unexpected").GetInt64());
            Assert.Equal(20, root.GetProperty("posts").GetProperty("published").GetInt64());

            var buckets = graph.GetProperty("buckets").EnumerateArray().ToList();
            Assert.Equal(["<10", "10-99", "100-999", ">=1000"], buckets.Select(b => b.GetProperty("followers").GetString()));
            Assert.Equal(500, buckets.Sum(b => b.GetProperty("authors").GetInt32()));
            Assert.Equal(20, buckets.Sum(b => b.GetProperty("posts").GetInt64()));
            Assert.Equal(expected, buckets.Sum(b => b.GetProperty("deliveries").GetInt64()));
            Assert.True(buckets[2].GetProperty("p99").GetDouble() > 0, context);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Connections_of_one_run_are_expected_only_the_posts_of_authors_they_follow()
    {
        // A uniform graph where most connections follow none of the few authors that post: a
        // broadcast would show up as unexpected deliveries, a dropped follow as missing ones.
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var report = await LoadTestProgram.RunAsync(new LoadTestOptions
        {
            Urls = [server.BaseUrl],
            Connections = 100,
            Authors = 200,
            Follows = 3,
            Skew = 0,
            AuthorPick = "uniform",
            Rate = 10,
            Duration = TimeSpan.FromSeconds(1),
            Warmup = 3,
            JitWait = TimeSpan.FromSeconds(2), // this test process never goes quiet: other classes run beside it
            Drain = TimeSpan.FromSeconds(60),
            Quiet = true,
        }, output, timeout.Token);

        var context = output.ToString();
        Assert.True(report.Correct, context);
        Assert.Equal(10, report.Posts.Published);
        Assert.Equal(report.Deliveries.Expected, report.Deliveries.Received);
        Assert.True(report.Deliveries.Expected < 10L * 100, context);
        Assert.Equal(300, report.Graph!.Memberships);
        Assert.Contains("graph ", context, StringComparison.Ordinal);
        Assert.Contains("followers <10", context, StringComparison.Ordinal);
    }
}
