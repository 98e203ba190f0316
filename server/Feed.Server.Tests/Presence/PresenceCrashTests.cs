using System.Diagnostics;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Xunit.Abstractions;

namespace Feed.Server.Tests.Presence;

/// <summary>
/// The instance holding a user's only connection is SIGKILLed (no goodbye): a survivor sees its
/// lease run out and tells the follower the user is offline, within 30 s. Real server processes
/// on the real clock (<see cref="ScaleOutProcessCluster"/>), default presence settings.
/// </summary>
public sealed class PresenceCrashTests(ScaleOutProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutProcessCluster>
{
    private const int Victim = 2;

    [Fact]
    public async Task When_the_instance_holding_a_users_only_connection_is_killed_the_follower_learns_they_are_offline_within_30_s()
    {
        var bob = TestUsers.New("bob");
        var fan = TestUsers.New("fan");
        await using var fanOn0 = await ConnectAsync(0, fan);
        await TokenAsync(Victim, bob); // creates bob, to be followed
        await fanOn0.Client.FollowAsync(bob);
        // The fan follows bob before he connects: his coming online is an event to wait for, not a race with the follow.
        await using var bobOnVictim = await ConnectAsync(Victim, bob);
        await fanOn0.Inbox.WaitPresenceAsync(p => p.Count == 1, "bob online");
        Assert.Equal([bob], (await fanOn0.Client.GetOnlineAsync()).Online);

        var killed = Stopwatch.StartNew();
        await cluster.KillAsync(Victim);

        var seen = await fanOn0.Inbox.WaitPresenceAsync(p => p.Count >= 2, "bob offline", TimeSpan.FromSeconds(30));
        Assert.InRange(killed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        output.WriteLine($"bob offline for the fan {killed.Elapsed.TotalSeconds:F1} s after his instance was killed");
        Assert.Equal([new PresenceChange(bob, true), new PresenceChange(bob, false)], seen);
        Assert.Empty((await fanOn0.Client.GetOnlineAsync()).Online);
    }

    private async Task<string> TokenAsync(int instance, string userId)
    {
        using var http = new HttpClient { BaseAddress = cluster.InstanceUrls[instance] };
        return await FeedClient.GetDevTokenAsync(http, userId);
    }

    private async Task<FeedConnection> ConnectAsync(int instance, string userId)
    {
        var url = cluster.InstanceUrls[instance];
        var token = await TokenAsync(instance, userId);
        var inbox = new FeedInbox();
        var client = await FeedClient.ConnectAsync(url, token, protocol: null, c => c.OnPresenceChanged(inbox.AddPresence));
        return new FeedConnection(userId, client, inbox);
    }
}
