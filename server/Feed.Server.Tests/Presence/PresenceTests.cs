using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Server.Tests.Metrics;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Server.Tests.Presence;

/// <summary>
/// The presence contract on one instance (in-memory presence): <c>GetOnline()</c>, <c>GET /api/presence</c>,
/// <c>PresenceChanged</c> to followers only, tabs counted once, the offline delay, bad input. The
/// server's clock is a <see cref="FakeTimeProvider"/>: the test moves it past the offline delay. In
/// the metrics collection because it reads the presence metrics.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class PresenceTests : IAsyncLifetime
{
    private static readonly TimeSpan OfflineDelay = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync(time: _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetOnline_and_GET_api_presence_list_the_followees_with_a_connection_sorted_by_id_and_no_one_else()
    {
        var (a, b, c) = (TestUsers.New("c-a"), TestUsers.New("a-b"), TestUsers.New("b-c"));
        var fan = TestUsers.New("fan");
        var stranger = TestUsers.New("stranger");
        await FollowAsync(fan, a, b, c);
        await FollowAsync(stranger, c);
        await using var fanTab = await _server.ConnectAsync(fan);
        await using var strangerTab = await _server.ConnectAsync(stranger);
        await using var aTab = await _server.ConnectAsync(a);
        await using var cTab = await _server.ConnectAsync(c);
        var bTab = await _server.ConnectAsync(b);
        // Online in the store first: a user who leaves before the loop wrote their arrival was never online.
        await fanTab.Inbox.WaitPresenceAsync(p => p.Count == 3, "a, b and c online");
        await bTab.DisposeAsync();
        await ConnectionsHereAsync(b, 0);
        await AdvanceAsync(OfflineDelay);
        await fanTab.Inbox.WaitPresenceAsync(p => p.Contains(new PresenceChange(b, false)), "b offline");

        var expected = new[] { a, c }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, (await fanTab.Client.GetOnlineAsync()).Online);
        using var http = await _server.HttpAsAsync(fan);
        var fromApi = await http.GetFromJsonAsync<OnlineUsers>("/api/presence");
        Assert.Equal(expected, fromApi!.Online);
        // The stranger follows c only: a is online, and not theirs to know.
        Assert.Equal([c], (await strangerTab.Client.GetOnlineAsync()).Online);
    }

    [Fact]
    public async Task A_user_coming_online_in_two_tabs_and_leaving_is_told_to_followers_once_each_way_and_to_no_one_else()
    {
        var bob = TestUsers.New("bob");
        var stranger = TestUsers.New("stranger");
        var sentinel = TestUsers.New("sentinel");
        await FollowAsync(stranger, sentinel);
        await using var fanTab = await FanOfAsync(bob);
        await using var strangerTab = await _server.ConnectAsync(stranger);

        var bobTab1 = await _server.ConnectAsync(bob);
        await fanTab.Inbox.WaitPresenceAsync(p => p.Count == 1, "bob online");
        var bobTab2 = await _server.ConnectAsync(bob);
        await ConnectionsHereAsync(bob, 2);
        await bobTab1.DisposeAsync();
        await ConnectionsHereAsync(bob, 1);
        await AdvanceAsync(OfflineDelay * 2);
        // bob's own tab and the stranger: a later push on the same connection proves nothing came before it.
        var own = await bobTab2.Client.PublishAsync("bob's own post");
        await bobTab2.Inbox.WaitForAsync(own.Id);
        Assert.Empty(bobTab2.Inbox.Presence);
        Assert.Empty(bobTab1.Inbox.Presence);
        await bobTab2.DisposeAsync();
        await ConnectionsHereAsync(bob, 0);
        await AdvanceAsync(OfflineDelay);

        var seen = await fanTab.Inbox.WaitPresenceAsync(p => p.Count >= 2, "bob offline");
        Assert.Equal([new PresenceChange(bob, true), new PresenceChange(bob, false)], seen);
        using var sentinelHttp = await _server.HttpAsAsync(sentinel);
        var post = await (await sentinelHttp.PostAsJsonAsync("/api/posts", new { text = "sentinel" })).Content.ReadFromJsonAsync<FeedItem>();
        await strangerTab.Inbox.WaitForAsync(post!.Id);
        Assert.Empty(strangerTab.Inbox.Presence);
        var metrics = await MetricsScrape.UntilAsync(_server, t => PrometheusText.Sum(t, "feed_presence_events_total") >= 2,
            "feed_presence_events_total counting bob's two changes");
        Assert.Contains("feed_presence_online_users", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reconnect_within_the_offline_delay_sends_no_offline_online_pair()
    {
        var bob = TestUsers.New("bob");
        await using var fanTab = await FanOfAsync(bob);
        var first = await _server.ConnectAsync(bob);
        await fanTab.Inbox.WaitPresenceAsync(p => p.Count == 1, "bob online");

        await first.DisposeAsync();
        await ConnectionsHereAsync(bob, 0);
        await AdvanceAsync(OfflineDelay - TimeSpan.FromMilliseconds(500));
        var again = await _server.ConnectAsync(bob);
        await ConnectionsHereAsync(bob, 1);
        await AdvanceAsync(OfflineDelay * 3);
        await again.DisposeAsync();
        await ConnectionsHereAsync(bob, 0);
        await AdvanceAsync(OfflineDelay);

        var seen = await fanTab.Inbox.WaitPresenceAsync(p => p.Count >= 2, "bob offline at last");
        Assert.Equal([new PresenceChange(bob, true), new PresenceChange(bob, false)], seen);
    }

    [Fact]
    public async Task GetOnline_with_an_argument_is_a_HubException_and_the_connection_stays_up()
    {
        var bob = TestUsers.New("bob");
        await using var fanTab = await FanOfAsync(bob);
        await using var bobTab = await _server.ConnectAsync(bob);

        var error = await Assert.ThrowsAsync<HubException>(() => fanTab.Client.Connection.InvokeAsync<OnlineUsers>(FeedHubMethods.GetOnline, "me"));

        Assert.Contains("Invocation provides 1 argument(s) but target expects 0", error.Message, StringComparison.Ordinal);
        await ConnectionsHereAsync(bob, 1);
        Assert.Equal([bob], (await fanTab.Client.GetOnlineAsync()).Online);
    }

    private PresenceTracker Tracker => _server.Services.GetRequiredService<PresenceTracker>();

    /// <summary>Moves the server's clock once the presence loop waits for it (<see cref="PresenceTracker.IsIdle"/>), not while it is setting its timer.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await Eventually.HoldsAsync(() => Assert.True(Tracker.IsIdle));
        _time.Advance(by);
    }

    /// <summary>Until the server has run OnConnected/OnDisconnected for the user's connections (the client returns before).</summary>
    private Task ConnectionsHereAsync(string user, int count) =>
        Eventually.HoldsAsync(() => Assert.Equal(count, Tracker.ConnectionsHere(user)));

    /// <summary>A new user who follows <paramref name="followee"/>, connected.</summary>
    private async Task<FeedConnection> FanOfAsync(string followee)
    {
        var fan = TestUsers.New("fan");
        await FollowAsync(fan, followee);
        return await _server.ConnectAsync(fan);
    }

    private async Task FollowAsync(string user, params string[] followees)
    {
        using var http = await _server.HttpAsAsync(user);
        foreach (var followee in followees)
        {
            await _server.TokenAsync(followee); // creates the user
            (await http.PutAsync($"/api/follows/{followee}", null)).EnsureSuccessStatusCode();
        }
    }
}
