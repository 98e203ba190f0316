using StackExchange.Redis;
namespace Feed.Redis.Tests.Backplane;

/// <summary>Groups across instances: sends, remote membership changes with acks, subscriptions.</summary>
public sealed class BackplaneGroupTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private const string Method = "Say";

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
    public async Task A_group_send_reaches_members_on_every_instance_once_and_no_one_else()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var members = new List<TestHubConnection>();
        for (var i = 0; i < 3; i++)
        {
            var c = await servers.ConnectAsync(i);
            await servers[i].AddToGroupAsync(c.Id, "g");
            members.Add(c);
        }
        var outsider = await servers.ConnectAsync(1);

        await servers[0].SendGroupAsync("g", Method, ["to g"]);

        await Task.WhenAll(members.Select(m => m.WaitForAsync("to g")));
        await Settle(servers, [.. members, outsider]);
        Assert.All(members, m => Assert.Single(m.ArgumentsOf(Method), "to g"));
        Assert.DoesNotContain("to g", outsider.ArgumentsOf(Method));
    }

    [Fact]
    public async Task Group_except_and_several_groups()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 2);
        var a = await servers.ConnectAsync(1);
        var b = await servers.ConnectAsync(1);
        await servers[1].AddToGroupAsync(a.Id, "g1");
        await servers[1].AddToGroupAsync(b.Id, "g1");
        await servers[1].AddToGroupAsync(b.Id, "g2");

        await servers[0].SendGroupExceptAsync("g1", Method, ["not b"], [b.Id]);
        await servers[0].SendGroupsAsync(["g2"], Method, ["g2 only"]);

        await a.WaitForAsync("not b");
        await b.WaitForAsync("g2 only");
        await Settle(servers, a, b);
        Assert.DoesNotContain("not b", b.ArgumentsOf(Method));
        Assert.DoesNotContain("g2 only", a.ArgumentsOf(Method));
    }

    [Fact]
    public async Task Adding_and_removing_a_connection_on_another_instance_is_acknowledged()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var remote = await servers.ConnectAsync(2);

        // Returns only once instance 2 applied it: the very next send must reach the connection.
        await servers[0].AddToGroupAsync(remote.Id, "g").Limited();
        await servers[1].SendGroupAsync("g", Method, ["joined"]);
        await remote.WaitForAsync("joined");

        await servers[0].RemoveFromGroupAsync(remote.Id, "g").Limited();
        await servers[1].SendGroupAsync("g", Method, ["left"]);
        await Settle(servers, remote);
        Assert.DoesNotContain("left", remote.ArgumentsOf(Method));
    }

    [Fact]
    public async Task A_group_change_for_a_connection_that_exists_nowhere_completes()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);

        await servers[0].AddToGroupAsync("no-such-connection", "g").Limited();
        await servers[0].RemoveFromGroupAsync("no-such-connection", "g").Limited();
    }

    [Fact]
    public async Task Adding_a_user_to_a_group_covers_their_connections_on_every_instance()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 3);
        var here = await servers.ConnectAsync(0, "ann");
        var there = await servers.ConnectAsync(2, "ann");
        var someoneElse = await servers.ConnectAsync(2, "bob");

        await servers[1].AddUserToGroupAsync("ann", "g").Limited();
        await servers[1].SendGroupAsync("g", Method, ["to ann's group"]);
        await here.WaitForAsync("to ann's group");
        await there.WaitForAsync("to ann's group");

        await servers[0].RemoveUserFromGroupAsync("ann", "g").Limited();
        await servers[1].SendGroupAsync("g", Method, ["after removal"]);
        await Settle(servers, here, there, someoneElse);
        Assert.DoesNotContain("after removal", here.ArgumentsOf(Method));
        Assert.DoesNotContain("after removal", there.ArgumentsOf(Method));
        Assert.DoesNotContain(someoneElse.ArgumentsOf(Method), a => !a!.StartsWith("marker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_instance_holds_its_partitions_and_nothing_per_connection_group_or_user()
    {
        await using var servers = await Instances.StartAsync(fixture.Server, 1);
        await using var probe = await ConnectionMultiplexer.ConnectAsync(fixture.Server.ConnectionString);
        var partitions = new RedisBackplaneOptions().Partitions;
        Assert.Equal(partitions + 3, await Channels(probe, servers.Prefix)); // all, internal:groups, internal:ack:{server}

        for (var i = 0; i < 50; i++)
        {
            var connection = await servers.ConnectAsync(0, "user" + i);
            await servers[0].AddToGroupAsync(connection.Id, "group" + i);
        }

        Assert.Equal(partitions + 3, await Channels(probe, servers.Prefix));
        Assert.Equal(1, await Subscribers(probe, $"{servers.Prefix}{typeof(TestHub).FullName}:partition:{{0}}"));
    }

    /// <summary>Shard channels whose name starts with the prefix (PUBSUB SHARDCHANNELS pattern).</summary>
    private static async Task<int> Channels(ConnectionMultiplexer redis, string prefix)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "SHARDCHANNELS", prefix + "*"))!;
        return reply.Length;
    }

    /// <summary>Subscribers of a sharded channel (PUBSUB SHARDNUMSUB: the backplane's channels are all sharded).</summary>
    private static async Task<long> Subscribers(ConnectionMultiplexer redis, string channel)
    {
        var reply = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!;
        return (long)reply[1];
    }
}
