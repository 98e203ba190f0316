using Microsoft.AspNetCore.SignalR.Client;
using Feed.Client;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Tests;

/// <summary>
/// The hub contract over a real Kestrel port with the C# client. One suite, run against every
/// store, lifetime manager and protocol: each subclass names its fixture and protocol.
/// </summary>
public abstract class FeedHubSuite(FeedServerFixture fixture, IHubProtocol? protocol = null)
{
    protected FeedServer Server => fixture.Server;

    private Task<FeedConnection> Connect(string userId) => Server.ConnectAsync(userId, protocol);

    [Fact]
    public async Task A_follower_receives_the_post_with_the_authors_profile()
    {
        await using var a = await Connect(TestUsers.New("alice"));
        await using var b = await Connect(TestUsers.New("bob"));
        await b.Client.FollowAsync(a.UserId);

        var item = await a.Client.PublishAsync("  hello, followers ✨  ");

        var received = (await b.Inbox.WaitForAsync(item.Id)).Single(i => i.Id == item.Id);
        Assert.Equal(item, received);
        Assert.Equal("hello, followers ✨", received.Text);
        Assert.Equal(new AuthorProfile(a.UserId, a.UserId, null), received.Author);
        Assert.True(FeedCursor.TryDecode(received.Cursor, out _));
        await a.Inbox.WaitForAsync(item.Id); // the author's own connection sees it too
    }

    [Fact]
    public async Task Unfollow_stops_delivery()
    {
        await using var a = await Connect(TestUsers.New("alice"));
        await using var b = await Connect(TestUsers.New("bob"));
        await b.Client.FollowAsync(a.UserId);
        var first = await a.Client.PublishAsync("while followed");
        await b.Inbox.WaitForAsync(first.Id);

        await b.Client.UnfollowAsync(a.UserId);
        var second = await a.Client.PublishAsync("after unfollow");
        // B's own post is a sentinel: pushes to one connection keep their order, so once it is
        // here, the unfollowed post would have arrived before it.
        var sentinel = await b.Client.PublishAsync("sentinel");
        var items = await b.Inbox.WaitForAsync(sentinel.Id);

        Assert.DoesNotContain(items, i => i.Id == second.Id);
    }

    [Fact]
    public async Task Every_connection_of_a_user_receives_the_post_and_follows_apply_to_all_at_once()
    {
        var bob = TestUsers.New("bob");
        await using var a = await Connect(TestUsers.New("alice"));
        await using var b1 = await Connect(bob);
        await using var b2 = await Connect(bob);

        await b1.Client.FollowAsync(a.UserId); // made on one connection, applies to both
        var item = await a.Client.PublishAsync("to both of bob's tabs");

        await b1.Inbox.WaitForAsync(item.Id);
        await b2.Inbox.WaitForAsync(item.Id);
    }

    [Fact]
    public async Task A_follow_made_over_http_applies_to_live_connections()
    {
        await using var a = await Connect(TestUsers.New("alice"));
        await using var b = await Connect(TestUsers.New("bob"));
        using var bHttp = await Server.HttpAsAsync(b.UserId);

        (await bHttp.PutAsync($"/api/follows/{a.UserId}", null)).EnsureSuccessStatusCode();
        var item = await a.Client.PublishAsync("seen through an http follow");

        await b.Inbox.WaitForAsync(item.Id);
    }

    [Fact]
    public async Task GetFeed_returns_pages_newest_first_with_a_working_cursor()
    {
        await using var a = await Connect(TestUsers.New("alice"));
        var posted = new List<FeedItem>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add(await a.Client.PublishAsync($"post {i}"));
        }

        var first = await a.Client.GetFeedAsync(new FeedQuery(Limit: 3));
        var second = await a.Client.GetFeedAsync(new FeedQuery(Before: first.Next, Limit: 3));

        Assert.Equal(posted.AsEnumerable().Reverse().Select(p => p.Id), first.Items.Concat(second.Items).Select(i => i.Id));
        Assert.Null(second.Next);
        var gap = await a.Client.GetFeedAsync(new FeedQuery(After: posted[1].Cursor, Limit: 2));
        Assert.Equal([posted[3].Id, posted[2].Id], gap.Items.Select(i => i.Id));
        Assert.NotNull(gap.Next);
    }

    [Fact]
    public async Task Connecting_without_a_valid_token_is_refused()
    {
        await using var none = FeedClient.Build(Server.BaseUrl, () => Task.FromResult<string?>(null), protocol);
        var noToken = await Assert.ThrowsAnyAsync<Exception>(() => none.StartAsync());
        Assert.Contains("401", noToken.Message);

        await using var forged = FeedClient.Build(Server.BaseUrl, () => Task.FromResult<string?>("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm9wZQ"), protocol);
        var forgedToken = await Assert.ThrowsAnyAsync<Exception>(() => forged.StartAsync());
        Assert.Contains("401", forgedToken.Message);
    }

    public static TheoryData<string, object?[], string> BadCalls => new()
    {
        { FeedHubMethods.GetFeed, [new FeedQuery(Limit: 0)], "limit must be between 1 and 100" },
        { FeedHubMethods.GetFeed, [new FeedQuery(Limit: 101)], "limit must be between 1 and 100" },
        { FeedHubMethods.GetFeed, [new FeedQuery(Before: "garbage")], "before is not a valid cursor" },
        { FeedHubMethods.GetFeed, [new FeedQuery(After: "garbage")], "after is not a valid cursor" },
        { FeedHubMethods.GetFeed, [new FeedQuery(Before: new FeedCursor(1, "a").Encode(), After: new FeedCursor(1, "a").Encode())], "before and after cannot be used together" },
        { FeedHubMethods.Publish, [new PublishRequest("   ")], "text is required" },
        { FeedHubMethods.Publish, [new PublishRequest(null)], "text is required" },
        { FeedHubMethods.Publish, [new PublishRequest(new string('x', 501))], "text is 501 characters; the limit is 500" },
        { FeedHubMethods.Follow, ["no-such-user-anywhere"], "unknown user 'no-such-user-anywhere'" },
        { FeedHubMethods.Follow, ["bad id!"], "userId must be 1 to 64 characters" },
        { FeedHubMethods.Unfollow, [""], "userId is required" },
        { FeedHubMethods.GetFeed, ["not an object"], "Error binding argument" },
        { FeedHubMethods.GetFeed, [], "Invocation provides 0 argument(s) but target expects 1" },
        { FeedHubMethods.GetFeed, [new FeedQuery(), new FeedQuery()], "Invocation provides 2 argument(s) but target expects 1" },
        { "NoSuchMethod", [], "Method does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Bad_input_gets_a_clear_error_writes_nothing_and_the_connection_keeps_working(string method, object?[] args, string expected)
    {
        await using var a = await Connect(TestUsers.New("alice"));

        var error = await Assert.ThrowsAsync<HubException>(() => a.Client.Connection.InvokeCoreAsync(method, typeof(object), args));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in: {error.Message}");
        var page = await a.Client.GetFeedAsync();
        Assert.Empty(page.Items);
        Assert.Equal(HubConnectionState.Connected, a.Client.Connection.State);
    }

    public static TheoryData<string, WrongTypes, string> WrongTypeCalls => new()
    {
        { FeedHubMethods.GetFeed, new WrongTypes(Limit: "five"), ".limit" },
        { FeedHubMethods.Publish, new WrongTypes(Text: 42), ".text" },
    };

    /// <summary>What the error for a wrong-typed field must name ("FeedQuery.limit", "$.limit").</summary>
    protected virtual string WrongTypeError(string field) => field;

    [Theory]
    [MemberData(nameof(WrongTypeCalls))]
    public async Task A_wrong_type_is_a_binding_error_naming_the_field(string method, WrongTypes argument, string field)
    {
        await using var a = await Connect(TestUsers.New("alice"));

        var error = await Assert.ThrowsAsync<HubException>(() => a.Client.Connection.InvokeCoreAsync(method, typeof(object), [argument]));

        Assert.Contains("Error binding argument", error.Message);
        Assert.True(error.Message.Contains(WrongTypeError(field), StringComparison.Ordinal), $"expected \"{WrongTypeError(field)}\" in: {error.Message}");
        Assert.Empty((await a.Client.GetFeedAsync()).Items);
        Assert.Equal(HubConnectionState.Connected, a.Client.Connection.State);
    }

    [Fact]
    public async Task Following_oneself_is_rejected()
    {
        await using var a = await Connect(TestUsers.New("alice"));
        var error = await Assert.ThrowsAsync<HubException>(() => a.Client.FollowAsync(a.UserId));
        Assert.Contains("cannot follow or unfollow yourself", error.Message);
    }
}

/// <summary>
/// Arguments of the wrong types, with the contract's keys in both protocols (camelCase JSON by
/// SignalR's defaults; the [Key] names for MessagePack): <c>{ limit: "five" }</c>.
/// </summary>
[MessagePack.MessagePackObject]
public sealed record WrongTypes(
    [property: MessagePack.Key("limit")] string? Limit = null,
    [property: MessagePack.Key("text")] int? Text = null);

/// <summary>The suite on the defaults: in-memory store, in-process lifetime manager, JSON.</summary>
public sealed class FeedHubTests(FeedServerFixture fixture) : FeedHubSuite(fixture), IClassFixture<FeedServerFixture>;
