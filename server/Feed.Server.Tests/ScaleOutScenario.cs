using System.Net;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;

namespace Feed.Server.Tests;

/// <summary>The moves of the scale-out outage tests: readers that follow every author, and rounds of posts.</summary>
internal static class ScaleOutScenario
{
    /// <summary>Readers spread round-robin over the servers, each following every author, complete up to <paramref name="cursor"/>.</summary>
    public static async Task<List<ScaleOutFeedReader>> ReadersAsync(IReadOnlyList<FeedServer> servers, int count,
        IReadOnlyList<FeedConnection> authors, string cursor)
    {
        var readers = new List<ScaleOutFeedReader>();
        for (var i = 0; i < count; i++)
        {
            var connection = await servers[i % servers.Count].ConnectAsync(TestUsers.New("reader"));
            foreach (var author in authors)
            {
                await connection.Client.FollowAsync(author.UserId);
            }
            readers.Add(new ScaleOutFeedReader(connection, cursor));
        }
        return readers;
    }

    /// <summary>Each author posts <paramref name="rounds"/> times, in turn; the ids go to <paramref name="posts"/>.</summary>
    public static async Task PostAsync(IReadOnlyList<FeedConnection> authors, List<string> posts, string phase, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            foreach (var author in authors)
            {
                posts.Add((await author.Client.PublishAsync($"{phase} {i}")).Id);
            }
        }
    }

    /// <summary>Until every server's <c>/readyz</c> answers <paramref name="expected"/>.</summary>
    public static async Task ReadinessAsync(IEnumerable<FeedServer> servers, HttpStatusCode expected)
    {
        foreach (var server in servers)
        {
            await Eventually.SucceedsAsync(async () => Assert.Equal(expected, (await server.Http.GetAsync("/readyz")).StatusCode));
        }
    }

    /// <summary>Settings of an in-process instance on a shared Redis: no demo data, publish limits out of the way.</summary>
    public static Dictionary<string, string?> Settings(string redis) => new()
    {
        // Short timeouts so the tests see an outage (and its end) within a second or two.
        ["ConnectionStrings:Redis"] = redis + ",connectTimeout=2000,syncTimeout=2000,keepAlive=1",
        ["Feed:Demo:Seed"] = "false",
        ["Feed:Limits:PublishBurst"] = "10000",
        ["Feed:Limits:PublishPerSecond"] = "10000",
    };
}
