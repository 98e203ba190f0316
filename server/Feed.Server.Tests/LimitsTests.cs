using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Tests;

/// <summary>A server whose publish bucket refills slowly, so the limit is reached at once.</summary>
public sealed class SlowRefillFixture : FeedServerFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Feed:Limits:PublishBurst"] = "3",
        ["Feed:Limits:PublishPerSecond"] = "0.01",
        ["Feed:Limits:MaxMessageBytes"] = "4096",
    };
}

public sealed class LimitsTests(SlowRefillFixture fixture) : IClassFixture<SlowRefillFixture>
{
    private FeedServer Server => fixture.Server;

    [Fact]
    public async Task The_hub_rate_limits_publishing_per_user_and_names_the_limit()
    {
        await using var a = await Server.ConnectAsync(TestUsers.New("alice"));
        for (var i = 0; i < 3; i++)
        {
            await a.Client.PublishAsync($"within burst {i}");
        }

        var error = await Assert.ThrowsAsync<HubException>(() => a.Client.PublishAsync("one too many"));

        Assert.Contains("publish rate limit exceeded (burst 3, 0.01 per second)", error.Message);
        Assert.Equal(3, (await a.Client.GetFeedAsync()).Items.Count);
        await using var other = await Server.ConnectAsync(TestUsers.New("carol"));
        await other.Client.PublishAsync("another user has their own bucket");
    }

    [Fact]
    public async Task The_api_shares_the_users_budget_and_answers_429_with_retry_after()
    {
        var alice = TestUsers.New("alice");
        await using var hub = await Server.ConnectAsync(alice);
        using var http = await Server.HttpAsAsync(alice);
        await hub.Client.PublishAsync("hub 1");
        await hub.Client.PublishAsync("hub 2");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/posts", new { text = "http 3" })).StatusCode);

        var limited = await http.PostAsJsonAsync("/api/posts", new { text = "http 4" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        Assert.Contains("publish rate limit exceeded", await limited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rejected_text_does_not_spend_the_budget()
    {
        await using var a = await Server.ConnectAsync(TestUsers.New("alice"));
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => a.Client.PublishAsync("   "));
        }
        await a.Client.PublishAsync("still have my whole burst");
    }

    [Fact]
    public async Task An_oversized_hub_message_closes_that_connection_only()
    {
        await using var a = await Server.ConnectAsync(TestUsers.New("alice"));
        await using var b = await Server.ConnectAsync(TestUsers.New("bob"));

        var call = a.Client.Connection.InvokeCoreAsync(FeedHubMethods.Publish, typeof(FeedItem), [new PublishRequest(new string('x', 10_000))]);

        await Assert.ThrowsAnyAsync<Exception>(() => call);
        var closedWith = await a.Client.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.NotNull(closedWith);
        Assert.True(closedWith.ToString().Contains("maximum message size", StringComparison.OrdinalIgnoreCase), closedWith.ToString());
        Assert.Empty((await b.Client.GetFeedAsync()).Items);
        Assert.Equal(HubConnectionState.Connected, b.Client.Connection.State);
    }
}
