using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Presence;

/// <summary>Presence settings: off means nothing kept or sent; bad values stop startup naming the key.</summary>
public sealed class PresenceSettingsTests
{
    [Fact]
    public async Task With_presence_off_GetOnline_answers_nobody_and_no_change_is_sent()
    {
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?> { ["Feed:Presence:Enabled"] = "false" });
        var bob = TestUsers.New("bob");
        var fan = TestUsers.New("fan");
        await server.TokenAsync(bob);
        using (var http = await server.HttpAsAsync(fan))
        {
            (await http.PutAsync($"/api/follows/{bob}", null)).EnsureSuccessStatusCode();
        }
        await using var fanTab = await server.ConnectAsync(fan);
        await using var bobTab = await server.ConnectAsync(bob);

        var post = await bobTab.Client.PublishAsync("sentinel");
        await fanTab.Inbox.WaitForAsync(post.Id);

        // bob's connection is set up (he has published through it): with presence on, he would be listed.
        Assert.Empty((await fanTab.Client.GetOnlineAsync()).Online);
        Assert.Empty(fanTab.Inbox.Presence);
    }

    [Theory]
    [InlineData("Feed:Presence:OfflineDelay", "00:05:00", "Feed:Presence:OfflineDelay must be between")]
    [InlineData("Feed:Presence:HeartbeatInterval", "00:00:00", "Feed:Presence:HeartbeatInterval must be between")]
    [InlineData("Feed:Presence:InstanceTimeout", "00:00:06", "Feed:Presence:InstanceTimeout must be at least twice Feed:Presence:HeartbeatInterval")]
    public async Task A_bad_value_stops_startup_naming_the_key(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
