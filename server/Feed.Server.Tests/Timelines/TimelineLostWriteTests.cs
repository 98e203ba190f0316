using System.Net;
using System.Net.Http.Json;
using Feed.Core;
using Feed.Redis;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Feed.Server.Tests.Timelines;

/// <summary>
/// Redis refuses a post's fan-out job while it keeps every timeline (an ACL change here; a blip
/// or a restart from a snapshot in production): once Redis answers again, the follower's page
/// still has the post, because the lost write made every timeline rebuild before it is read.
/// </summary>
public sealed class TimelineLostWriteTests
{
    [Fact]
    public async Task A_refused_fan_out_job_makes_the_timelines_rebuild_so_the_next_page_has_the_post()
    {
        await using var redis = await RedisServer.StartAsync(aclUsers: [("feed", "feed-secret")]);
        var store = new InMemoryFeedStore();
        var settings = ScaleOutScenario.Settings($"{redis.EndPoint},user=feed,password=feed-secret");
        await using var server = await FeedServer.StartAsync(settings, store);
        await using var admin = await FeedRedisConnection.ConnectAsync(redis.ConnectionString);
        var author = TestUsers.New("author");
        var reader = TestUsers.New("reader");
        using var a = await server.HttpAsAsync(author);
        using var r = await server.HttpAsAsync(reader);
        (await r.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
        Assert.Empty((await r.GetFromJsonAsync<FeedPage>("/api/feed"))!.Items); // builds the reader's timeline
        var home = server.Services.GetRequiredService<HomeTimelines>();

        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "feed", "-eval", "-evalsha");
        var created = await a.PostAsJsonAsync("/api/posts", new { text = "its job is refused" });
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "feed", "+eval", "+evalsha");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var post = (await created.Content.ReadFromJsonAsync<FeedItem>())!;
        Assert.Contains(server.Logs.Lines, l => l.Message.Contains("A timeline write was lost", StringComparison.Ordinal));
        Assert.Equal(0, await admin.GetDatabase().SortedSetLengthAsync("timelines:{jobs}:pending"));
        var rebuilds = home.Rebuilds;
        var served = home.PagesServed;
        var page = (await r.GetFromJsonAsync<FeedPage>("/api/feed"))!;

        Assert.Equal([post.Id], page.Items.Select(i => i.Id));
        Assert.Equal(rebuilds + 1, home.Rebuilds);
        Assert.Equal(served + 1, home.PagesServed);
    }
}
