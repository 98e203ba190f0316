using Microsoft.AspNetCore.SignalR.Client;
using Feed.Client;
using Feed.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Feed.Server.Tests;

/// <summary>An instance dies mid-broadcast: its clients move to another through nginx, the rest never notice.</summary>
public sealed class ScaleOutProcessTests(ScaleOutProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutProcessCluster>
{
    private const int Posts = 60;
    private const int KillAfter = 20;
    private const int Victim = 2;

    [Fact]
    public async Task Killing_an_instance_mid_broadcast_moves_its_clients_and_loses_nothing()
    {
        var author = await ConnectAsync(cluster.InstanceUrls[0], TestUsers.New("author"));
        var genesis = await author.Client.PublishAsync("genesis");
        // Watchers sit directly on the instances that survive; readers come through nginx.
        var watchers = new List<ScaleOutFeedReader>();
        foreach (var instance in new[] { 0, 1 })
        {
            var watcher = await ConnectAsync(cluster.InstanceUrls[instance], TestUsers.New("watcher"));
            await watcher.Client.FollowAsync(author.UserId);
            watchers.Add(new ScaleOutFeedReader(watcher, genesis.Cursor));
        }
        var readers = new List<ScaleOutFeedReader>();
        var moved = 0;
        for (var i = 0; i < 9; i++)
        {
            var connection = await ConnectAsync(cluster.LoadBalancer, TestUsers.New("reader"));
            await connection.Client.FollowAsync(author.UserId);
            var reader = new ScaleOutFeedReader(connection, genesis.Cursor);
            readers.Add(reader);
            _ = connection.Client.Completion.ContinueWith(_ =>
            {
                Interlocked.Increment(ref moved);
                return ReconnectAsync(reader);
            }, TaskScheduler.Default).Unwrap();
        }

        var posts = new List<string> { genesis.Id };
        for (var i = 0; i < Posts; i++)
        {
            if (i == KillAfter)
            {
                await cluster.KillAsync(Victim);
            }
            posts.Add((await author.Client.PublishAsync($"post {i}")).Id);
        }

        foreach (var reader in readers.Concat(watchers))
        {
            await WaitUntil(() => posts.Skip(1).All(reader.Ids.Contains), () => $"a reader has {reader.Ids.Count} of {Posts} posts");
            Assert.Empty(reader.DuplicatedPushes);
        }
        foreach (var watcher in watchers)
        {
            Assert.True(watcher.Connection.Client.Connection.State == HubConnectionState.Connected, "a client of a surviving instance was disconnected");
            Assert.Equal(0, watcher.Connection.Inbox.Resyncs);
            Assert.Equal(Posts, watcher.LiveCount);
            Assert.Equal(0, watcher.Recovered);
        }
        Assert.InRange(Volatile.Read(ref moved), 1, 8);
        output.WriteLine($"{moved} of {readers.Count} nginx clients were on the killed instance and moved; " +
            $"{readers.Sum(r => r.Recovered)} posts recovered by gap-fill after the move, 0 duplicated");
    }

    private async Task ReconnectAsync(ScaleOutFeedReader reader)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await reader.ReconnectedAsync(await ConnectAsync(cluster.LoadBalancer, reader.Connection.UserId));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<FeedConnection> ConnectAsync(Uri server, string userId)
    {
        using var http = new HttpClient { BaseAddress = server };
        var token = await FeedClient.GetDevTokenAsync(http, userId);
        var inbox = new FeedInbox();
        var client = await FeedClient.ConnectAsync(server, token, protocol: null, c => c.OnResync(inbox.AddResync));
        return new FeedConnection(userId, client, inbox);
    }

    private static async Task WaitUntil(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what());
            }
            await Task.Delay(25);
        }
    }
}
