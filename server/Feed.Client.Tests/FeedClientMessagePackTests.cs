using Feed.Client.Tests.TestServer;
using Feed.Core;
using Feed.MessagePack;
using Feed.Protocols;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feed.Client.Tests;

/// <summary>
/// FeedClient over messagepack against the fake Feed hub on a server that speaks only
/// messagepack, so every value here crossed the wire as MessagePack.
/// </summary>
public sealed class FeedClientMessagePackTests(FeedClientMessagePackTests.MessagePackOnlyServer server)
    : IClassFixture<FeedClientMessagePackTests.MessagePackOnlyServer>
{
    [Fact]
    public async Task GetFeed_sends_the_query_and_binds_the_page()
    {
        await using var client = await server.ConnectAsync("tester");

        var page = await client.GetFeedAsync(new FeedQuery(Before: "c9", Limit: 2)).Within();

        Assert.Equal("next-c9", page.Next);
        var expected = new FeedItem("c9-1", "c-c9-1", "tester",
            new AuthorProfile("tester", "User tester", "https://img.test/tester.png"), "post 1 from c9", FakeFeedHub.CreatedAt);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(expected, page.Items[1]);
    }

    [Fact]
    public async Task Absent_query_values_travel_as_nil_and_a_null_next_comes_back_as_null()
    {
        await using var client = await server.ConnectAsync("tester");

        var page = await client.GetFeedAsync().Within();

        Assert.Null(page.Next);
        Assert.Equal(["top-0", "top-1", "top-2"], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Publish_returns_the_item_and_FeedUpdated_pushes_it_with_non_ascii_text_intact()
    {
        await using var client = await server.ConnectAsync("zoë-ish_user");
        var pushed = new TaskCompletionSource<FeedItem[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnFeedUpdated(items => { pushed.TrySetResult(items); });

        var item = await client.PublishAsync("  héllo, 世界 🚀  ").Within();

        Assert.Equal("héllo, 世界 🚀", item.Text);
        Assert.Equal(new AuthorProfile("zoë-ish_user", "User zoë-ish_user", "https://img.test/zoë-ish_user.png"), item.Author);
        Assert.Equal(FakeFeedHub.CreatedAt, item.CreatedAt);
        Assert.Equal([item], await pushed.Task.Within());
    }

    [Fact]
    public async Task Hub_errors_surface_and_the_connection_stays()
    {
        await using var client = await server.ConnectAsync("tester");

        var error = await Assert.ThrowsAsync<HubException>(() => client.FollowAsync(FakeFeedHub.UnknownUser).Within());

        Assert.EndsWith("unknown user 'nobody'", error.Message);
        Assert.Equal(3, (await client.GetFeedAsync().Within()).Items.Count);
    }

    [Fact]
    public async Task A_json_client_is_refused_by_this_messagepack_only_hub()
    {
        var error = await Assert.ThrowsAsync<HubConnectionException>(() =>
            FeedClient.ConnectAsync(server.BaseUrl, "dev:tester", FeedHubProtocols.Json, TestTimeouts.Token()));

        Assert.Contains("'json'", error.Message);
    }

    [Theory]
    [InlineData("json", "json")]
    [InlineData("messagepack", "messagepack")]
    public void Protocols_are_found_by_their_wire_name(string name, string expected) =>
        Assert.Equal(expected, FeedHubProtocols.FromName(name).Name);

    [Theory]
    [InlineData("")]
    [InlineData("MessagePack")]
    [InlineData("xml")]
    public void An_unknown_protocol_name_is_an_argument_error(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => FeedHubProtocols.FromName(name));
        Assert.Contains("use 'json' or 'messagepack'", error.Message);
    }

    [Fact]
    public void The_messagepack_protocol_knows_every_contract_type()
    {
        var resolver = Assert.IsType<MessagePackHubProtocol>(FeedHubProtocols.MessagePack).Resolver;
        foreach (var type in new[] { typeof(FeedItem), typeof(FeedItem[]), typeof(FeedPage), typeof(FeedQuery), typeof(PublishRequest), typeof(UserProfile), typeof(AuthorProfile) })
        {
            Assert.True(resolver.TryGet(type, out _), $"no formatter for {type}");
        }
    }

    /// <summary>The fake Feed hub on a Kestrel loopback port, offering only messagepack.</summary>
    public sealed class MessagePackOnlyServer : IAsyncLifetime
    {
        private WebApplication? _app;

        public Uri BaseUrl { get; private set; } = null!;

        public Task<FeedClient> ConnectAsync(string userId) =>
            FeedClient.ConnectAsync(BaseUrl, TestServerFixture.DevTokenPrefix + userId, FeedHubProtocols.MessagePack, TestTimeouts.Token());

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(new HubProbe());
            builder.Services.AddSignalR()
                .AddMessagePackProtocol(FeedMessagePackFormatters.AddTo)
                .AddHubOptions<FakeFeedHub>(o => o.SupportedProtocols = [MessagePackHubProtocol.ProtocolName]);
            _app = builder.Build();
            _app.UseWebSockets();
            _app.MapHub<FakeFeedHub>(FeedHubMethods.Path);
            await _app.StartAsync();
            BaseUrl = new Uri(_app.Urls.First());
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
