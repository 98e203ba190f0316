using Feed.Client.Tests.TestServer;
using Feed.Core;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Client.Tests;

/// <summary>FeedClient against a fake hub with the Feed hub's names and shapes.</summary>
public sealed class FeedClientTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task GetFeed_sends_the_query_and_binds_the_page()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            cancellationToken: TestTimeouts.Token());

        var page = await client.GetFeedAsync(new FeedQuery(Before: "c9", Limit: 2)).Within();

        Assert.Equal("next-c9", page.Next);
        Assert.Equal(2, page.Items.Count);
        var expected = new FeedItem("c9-1", "c-c9-1", "tester",
            new AuthorProfile("tester", "User tester", "https://img.test/tester.png"), "post 1 from c9", FakeFeedHub.CreatedAt);
        Assert.Equal(expected, page.Items[1]);
    }

    [Fact]
    public async Task GetFeed_without_a_query_uses_the_defaults()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            cancellationToken: TestTimeouts.Token());

        var page = await client.GetFeedAsync().Within();

        Assert.Null(page.Next);
        Assert.Equal(["top-0", "top-1", "top-2"], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_rejected_query_surfaces_the_servers_message()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            cancellationToken: TestTimeouts.Token());

        var error = await Assert.ThrowsAsync<HubException>(() => client.GetFeedAsync(new FeedQuery("a", "b")).Within());

        Assert.EndsWith("before and after cannot be combined", error.Message);
    }

    [Fact]
    public async Task Publish_returns_the_item_and_FeedUpdated_pushes_it()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            cancellationToken: TestTimeouts.Token());
        var pushed = new TaskCompletionSource<FeedItem[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnFeedUpdated(items => { pushed.TrySetResult(items); });

        var item = await client.PublishAsync("  hello feed  ").Within();

        Assert.Equal("hello feed", item.Text);
        Assert.Equal("tester", item.Author.Id);
        Assert.Equal(FakeFeedHub.CreatedAt, item.CreatedAt);
        Assert.Equal([item], await pushed.Task.Within());
    }

    [Fact]
    public async Task Handlers_registered_before_start_see_a_push_sent_right_after_connecting()
    {
        var welcomed = new TaskCompletionSource<FeedItem[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = new Uri(server.BaseUrl, FeedHubMethods.Path + "?" + FakeFeedHub.WelcomeQuery + "=1");

        await using var client = await FeedClient.ConnectAsync(url, server.Options(),
            c => c.OnFeedUpdated(items => { welcomed.TrySetResult(items); }), TestTimeouts.Token());

        Assert.Equal("welcome", Assert.Single(await welcomed.Task.Within()).Id);
    }

    [Fact]
    public async Task Follow_and_Unfollow_reach_the_hub_and_errors_surface()
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var token = await FeedClient.GetDevTokenAsync(http, "follower-" + Guid.NewGuid().ToString("N")[..8]).Within();
        await using var client = await FeedClient.ConnectAsync(FeedClient.HubUrlOf(server.BaseUrl), token,
            cancellationToken: TestTimeouts.Token());

        await client.FollowAsync("alice").Within();
        await client.FollowAsync("bob").Within();
        await client.UnfollowAsync("alice").Within();
        var error = await Assert.ThrowsAsync<HubException>(() => client.FollowAsync(FakeFeedHub.UnknownUser).Within());

        Assert.Equal(["bob"], await client.Connection.InvokeAsync<string[]>("Following", []).Within() ?? []);
        Assert.Contains("unknown user", error.Message);
    }

    [Fact]
    public async Task Resync_handler_may_fetch_the_feed()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            cancellationToken: TestTimeouts.Token());
        var refetched = new TaskCompletionSource<FeedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnResync(async () => refetched.TrySetResult(await client.GetFeedAsync(new FeedQuery(After: "c1"))));

        await client.Connection.SendAsync("TriggerResync", []).Within();

        var page = await refetched.Task.Within();
        Assert.Equal("c1-0", page.Items[0].Id);
    }

    [Fact]
    public async Task The_dev_token_carries_the_user_id()
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var token = await FeedClient.GetDevTokenAsync(http, "u42").Within();
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, token, cancellationToken: TestTimeouts.Token());

        Assert.Equal(TestServerFixture.DevTokenPrefix + "u42", token);
        Assert.Equal("u42", (await client.PublishAsync("hi").Within()).AuthorId);
    }

    [Fact]
    public async Task A_refused_token_request_names_the_status_and_the_reason()
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => FeedClient.GetDevTokenAsync(http, "bad id!"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("400", error.Message);
        Assert.Contains("userId", error.Message);
    }

    [Fact]
    public async Task The_binary_protocol_can_be_chosen()
    {
        await using var client = await FeedClient.ConnectAsync(server.BaseUrl, TestServerFixture.Token,
            TestProtocols.BinaryJson, TestTimeouts.Token());

        var page = await client.GetFeedAsync(new FeedQuery(Limit: 1)).Within();

        Assert.Equal("jsonbin", client.Connection.Protocol.Name);
        Assert.Single(page.Items);
    }

    [Theory]
    [InlineData("http://h:5000", "http://h:5000/hubs/feed")]
    [InlineData("http://h:5000/", "http://h:5000/hubs/feed")]
    [InlineData("https://h/app/", "https://h/app/hubs/feed")]
    [InlineData("http://h/hubs/feed", "http://h/hubs/feed")]
    [InlineData("ws://h/hubs/feed/", "ws://h/hubs/feed/")]
    public void The_hub_url_is_derived_from_a_base_url(string url, string expected)
    {
        Assert.Equal(new Uri(expected), FeedClient.HubUrlOf(new Uri(url)));
    }
}
