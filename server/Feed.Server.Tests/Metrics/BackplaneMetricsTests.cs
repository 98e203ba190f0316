using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;

namespace Feed.Server.Tests.Metrics;

/// <summary>Two instances on one Redis report the backplane as up and count its traffic both ways.</summary>
[Collection(MetricsCollection.Name)]
public sealed class BackplaneMetricsTests
{
    [Fact]
    public async Task Backplane_state_and_messages_in_and_out_are_exported()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = ScaleOutScenario.Settings(redis.ConnectionString);
        var store = new InMemoryFeedStore();
        await using var one = await FeedServer.StartAsync(settings, store);
        await using var two = await FeedServer.StartAsync(settings, store);
        var before = await MetricsScrape.ScrapeAsync(two);
        await using var author = await one.ConnectAsync(TestUsers.New("author"));
        await using var follower = await two.ConnectAsync(TestUsers.New("follower"));
        await follower.Client.FollowAsync(author.UserId);

        var post = await author.Client.PublishAsync("across the backplane");
        await follower.Inbox.WaitForAsync(post.Id);

        // Both hosts' instruments share the process's series: the sums count both instances.
        var after = await MetricsScrape.UntilAsync(two, t =>
            Grew(before, t, "feed_backplane_messages_total", "out") >= 1
            && Grew(before, t, "feed_backplane_messages_total", "in") >= 1
            && PrometheusText.Sum(t, "feed_backplane_up") >= 1, "backplane up and messages in and out");
        Assert.DoesNotContain(author.UserId, after, StringComparison.Ordinal);
    }

    private static double Grew(string before, string after, string metric, string direction) =>
        Direction(after, metric, direction) - Direction(before, metric, direction);

    private static double Direction(string exposition, string metric, string direction) =>
        PrometheusText.Sum(string.Join('\n', exposition.Split('\n').Where(l => l.Contains($"direction=\"{direction}\"", StringComparison.Ordinal))), metric);
}
