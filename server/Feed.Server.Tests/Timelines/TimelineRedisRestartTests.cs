using System.Net;
using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests.Timelines;

/// <summary>
/// Redis restarted while a user posts, on a server with Redis timelines: every page the follower
/// reads (before, during and after the outage) equals the store query's, and afterwards the
/// fan-out runs again and pages come from the rebuilt timeline.
/// </summary>
public sealed class TimelineRedisRestartTests : IAsyncLifetime
{
    private readonly InMemoryFeedStore _store = new();
    private RedisServer _redis = null!;
    private FeedServer _server = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var settings = ScaleOutScenario.Settings(_redis.ConnectionString);
        settings["Feed:Timelines:PollInterval"] = "00:00:00.020";
        _server = await FeedServer.StartAsync(settings, _store);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Redis_restarted_during_posting_loses_no_post_from_any_page_and_the_fan_out_resumes()
    {
        var author = TestUsers.New("author");
        var reader = TestUsers.New("reader");
        using var a = await _server.HttpAsAsync(author);
        using var r = await _server.HttpAsAsync(reader);
        (await r.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
        var home = _server.Services.GetRequiredService<HomeTimelines>();
        var timelines = _server.Services.GetRequiredService<IHomeTimelineStore>();
        var posts = new List<string>();
        await AssertPagesAsync(r, reader, posts); // builds the reader's timeline
        await PostAsync(a, posts, "before");

        await _redis.StopAsync();
        await ScaleOutScenario.ReadinessAsync([_server], HttpStatusCode.ServiceUnavailable);
        await PostAsync(a, posts, "during");
        await AssertPagesAsync(r, reader, posts);
        await _redis.StartAgainAsync();
        await ScaleOutScenario.ReadinessAsync([_server], HttpStatusCode.OK);
        var (rebuilds, served) = (home.Rebuilds, home.PagesServed);
        await PostAsync(a, posts, "after");

        await AssertPagesAsync(r, reader, posts);
        Assert.True(home.Rebuilds > rebuilds, "the reader's timeline was not rebuilt after the outage");
        Assert.True(home.PagesServed > served, "pages after the outage did not come from the timeline");
        // The worker survived the restart (its consumer group was lost with Redis's data): the newest post is fanned out.
        await Eventually.SucceedsAsync(async () =>
            Assert.Contains(posts[^1], (await timelines.ReadAsync(reader, PostRange.Newest, 100, default)).Entries.Select(e => e.PostId)));
        await AssertPagesAsync(r, reader, posts);
    }

    private static async Task PostAsync(HttpClient author, List<string> posts, string phase)
    {
        for (var i = 0; i < 5; i++)
        {
            var created = await author.PostAsJsonAsync("/api/posts", new { text = $"{phase} {i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            posts.Add((await created.Content.ReadFromJsonAsync<FeedItem>())!.Id);
        }
    }

    /// <summary>Walks the reader's pages over HTTP: each equals the store query's page, and together they are every post, newest first.</summary>
    private async Task AssertPagesAsync(HttpClient client, string user, List<string> posts)
    {
        var oracle = new FeedUseCases(_store, new StoreProfileSource(_store), TimeProvider.System);
        var seen = new List<string>();
        string? before = null;
        do
        {
            var page = (await client.GetFromJsonAsync<FeedPage>($"/api/feed?limit=4{(before is null ? "" : "&before=" + before)}"))!;
            var expected = await oracle.GetFeedAsync(user, new FeedQuery(Before: before, Limit: 4), default);
            Assert.Equal(expected.Items.Select(i => i.Id), page.Items.Select(i => i.Id));
            Assert.Equal(expected.Next, page.Next);
            seen.AddRange(page.Items.Select(i => i.Id));
            before = page.Next;
        }
        while (before is not null);
        Assert.Equal(posts.AsEnumerable().Reverse(), seen);
    }
}
