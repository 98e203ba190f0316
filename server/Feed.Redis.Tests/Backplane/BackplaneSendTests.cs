using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Redis.Tests.Backplane;

/// <summary>Every kind of send across three instances: delivered once, wherever the target is.</summary>
public sealed class BackplaneSendTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private const string Method = "Say";

    /// <summary>
    /// Pushes to one connection keep their order: once a later marker is here, an earlier
    /// message that was going to arrive has arrived.
    /// </summary>
    private static async Task Settle(Instances servers, params TestHubConnection[] connections)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await servers[0].SendConnectionsAsync([.. connections.Select(c => c.Id)], Method, [marker]);
        foreach (var connection in connections)
        {
            await connection.WaitForAsync(marker);
        }
    }

    [Fact]
    public async Task Send_to_all_reaches_every_instance_once_and_the_sender_does_not_get_its_echo()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var c0 = await servers.ConnectAsync(0);
        var c1 = await servers.ConnectAsync(1);
        var c2 = await servers.ConnectAsync(2);

        await servers[0].SendAllAsync(Method, ["hello all"]);

        await Task.WhenAll(c0.WaitForAsync("hello all"), c1.WaitForAsync("hello all"), c2.WaitForAsync("hello all"));
        await Settle(servers, c0, c1, c2);
        Assert.All(new[] { c0, c1, c2 }, c => Assert.Single(c.ArgumentsOf(Method), "hello all"));
    }

    [Fact]
    public async Task Send_to_all_except_skips_the_excluded_connections_on_other_instances()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 2);
        var kept = await servers.ConnectAsync(1);
        var excluded = await servers.ConnectAsync(1);

        await servers[0].SendAllExceptAsync(Method, ["not you"], [excluded.Id]);

        await kept.WaitForAsync("not you");
        await Settle(servers, excluded);
        Assert.DoesNotContain("not you", excluded.ArgumentsOf(Method));
    }

    [Fact]
    public async Task Send_to_connections_reaches_local_and_remote_ones()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var local = await servers.ConnectAsync(0);
        var remote = await servers.ConnectAsync(2);
        var bystander = await servers.ConnectAsync(1);

        await servers[0].SendConnectionAsync(remote.Id, Method, ["just you"]);
        await servers[0].SendConnectionsAsync([local.Id, remote.Id], Method, ["you two"]);

        await remote.WaitForAsync("just you");
        await remote.WaitForAsync("you two");
        await local.WaitForAsync("you two");
        await Settle(servers, bystander, local, remote);
        Assert.Equal(["marker"], bystander.ArgumentsOf(Method).Select(a => a![..6]));
        Assert.Single(remote.ArgumentsOf(Method), "you two");
    }

    [Fact]
    public async Task Send_to_a_user_reaches_each_of_their_connections_on_every_instance()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var onOne = await servers.ConnectAsync(1, "ann");
        var onTwo = await servers.ConnectAsync(2, "ann");
        var sameHere = await servers.ConnectAsync(0, "ann");
        var other = await servers.ConnectAsync(2, "bob");

        await servers[0].SendUserAsync("ann", Method, ["for ann"]);
        await servers[1].SendUsersAsync(["bob", "ann"], Method, ["for both"]);

        foreach (var c in new[] { onOne, onTwo, sameHere })
        {
            await c.WaitForAsync("for ann");
            await c.WaitForAsync("for both");
        }
        await other.WaitForAsync("for both");
        await Settle(servers, onOne, onTwo, sameHere, other);
        Assert.DoesNotContain("for ann", other.ArgumentsOf(Method));
        Assert.All(new[] { onOne, onTwo, sameHere }, c => Assert.Single(c.ArgumentsOf(Method), "for ann"));
    }

    [Fact]
    public async Task A_message_is_serialized_once_per_protocol_by_the_sender_and_never_by_receivers()
    {
        var counting = new CountingProtocol();
        IHubProtocol[] protocols = [new JsonHubProtocol(), counting];
        await using var servers = await Instances.StartAsync(fixture.Server, 3, protocols);
        var receivers = new List<TestHubConnection>();
        for (var i = 0; i < 9; i++)
        {
            var c = await servers.ConnectAsync(i % 3, protocol: counting);
            await servers[i % 3].AddToGroupAsync(c.Id, "g");
            receivers.Add(c);
        }

        await servers[0].SendGroupAsync("g", Method, ["once"]);

        foreach (var c in receivers)
        {
            await c.WaitForAsync("once");
        }
        Assert.Equal(1, counting.Serialized);
    }

    [Fact]
    public async Task Instances_with_another_channel_prefix_do_not_see_the_messages()
    {
        await using var ours = await Instances.StartAsync(fixture.Server, 1);
        await using var theirs = await Instances.StartAsync(fixture.Server, 1);
        var mine = await ours.ConnectAsync(0);
        var foreign = await theirs.ConnectAsync(0);

        await ours[0].SendAllAsync(Method, ["ours only"]);
        await theirs[0].SendAllAsync(Method, ["theirs only"]);

        await mine.WaitForAsync("ours only");
        await foreign.WaitForAsync("theirs only");
        await Settle(ours, mine);
        await Settle(theirs, foreign);
        Assert.DoesNotContain("theirs only", mine.ArgumentsOf(Method));
        Assert.DoesNotContain("ours only", foreign.ArgumentsOf(Method));
    }

    [Fact]
    public async Task Client_results_fail_with_NotSupportedException()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 1);
        var connection = await servers.ConnectAsync(0);

        var e = await Assert.ThrowsAsync<NotSupportedException>(() => servers[0].InvokeConnectionAsync<int>(connection.Id, "Ask", [], CancellationToken.None));
        Assert.Contains("RedisHubLifetimeManager", e.Message, StringComparison.Ordinal);
    }
}
