using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Feed.Client;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Server.Tests;

/// <summary>No publish limit to speak of and a small send backlog, to make a reader fall behind fast.</summary>
public sealed class SmallBacklogFixture : FeedServerFixture
{
    public const int Backlog = 32;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Feed:Limits:PublishBurst"] = "100000",
        ["Feed:Limits:PublishPerSecond"] = "100000",
        ["Feed:Limits:SendBacklog"] = Backlog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Feed:Delivery:Flushers"] = "3",
    };
}

[Collection(Metrics.MetricsCollection.Name)]
public sealed class SlowReaderTests(SmallBacklogFixture fixture) : IClassFixture<SmallBacklogFixture>
{
    private const int SlowConnectionDroppedEvent = 2001;
    private FeedServer Server => fixture.Server;

    [Fact]
    public void The_engine_takes_its_backlog_and_flushers_from_configuration()
    {
        var options = Server.Services.GetRequiredService<IOptions<FeedDeliveryOptions>>().Value;
        Assert.Equal(SmallBacklogFixture.Backlog, options.SendBacklog);
        Assert.Equal(3, options.Flushers);
    }

    [Fact]
    public async Task A_connection_that_stops_reading_delays_nobody_and_is_dropped()
    {
        var author = TestUsers.New("author");
        var slowUser = TestUsers.New("slow");
        await using var publisher = await Server.ConnectAsync(author);
        await using var follower = await Server.ConnectAsync(TestUsers.New("reader"));
        await follower.Client.FollowAsync(author);
        using (var slowHttp = await Server.HttpAsAsync(slowUser))
        {
            (await slowHttp.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
        }
        using var slow = await ConnectWithoutReadingAsync(slowUser);
        using var pinging = new CancellationTokenSource();
        var pings = KeepPingingAsync(slow, pinging.Token); // stays alive as far as timeouts go

        // ~3 KB per FeedUpdated (JSON escapes each é), so socket buffers fill after a few thousand.
        var text = new string('é', FeedValidation.MaxTextCodePoints);
        var published = 0;
        while (!SlowConnectionDropped(slowUser) && published < 20_000)
        {
            await publisher.Client.PublishAsync(text);
            published++;
        }
        pinging.Cancel();
        await pings;

        Assert.True(SlowConnectionDropped(slowUser), $"the slow connection was not dropped after {published} posts");
        await Metrics.MetricsScrape.UntilAsync(Server, t => Metrics.PrometheusText.Sum(t, "feed_slow_reader_disconnects_total") >= 1, "a slow-reader disconnect");
        var received = await follower.Inbox.WaitAsync(items => items.Count >= published, TimeSpan.FromSeconds(60), $"{published} posts");
        Assert.Equal(published, received.Select(i => i.Id).Distinct().Count());
        Assert.Equal(published, received.Count);
    }

    private bool SlowConnectionDropped(string userId) =>
        Server.Logs.Lines.Any(l => l.EventId == SlowConnectionDroppedEvent && l.Message.Contains(userId, StringComparison.Ordinal));

    /// <summary>A raw WebSocket that completes the JSON handshake and then never reads again.</summary>
    private async Task<ClientWebSocket> ConnectWithoutReadingAsync(string userId)
    {
        var token = await Server.TokenAsync(userId);
        var socket = new ClientWebSocket();
        var hub = FeedClient.HubUrlOf(Server.BaseUrl);
        var uri = new UriBuilder(hub) { Scheme = "ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var handshake = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, handshake.Count));
        return socket;
    }

    private static async Task KeepPingingAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(ping, WebSocketMessageType.Text, true, stop);
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Stopped, or the server has closed the connection: both are expected.
        }
    }
}
