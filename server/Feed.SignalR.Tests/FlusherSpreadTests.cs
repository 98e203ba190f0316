using Feed.SignalR.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Tests;

/// <summary>Connections are spread over several flushers; each connection still gets everything in order.</summary>
public sealed class FlusherSpreadTests
{
    [Fact]
    public void Connections_are_spread_over_every_flusher_and_each_keeps_its_own()
    {
        var flushers = new OutboxFlushers(4);
        var ids = Enumerable.Range(0, 400).Select(i => $"connection-{i}").ToList();

        var used = ids.Select(flushers.For).Distinct().Count();

        Assert.Equal(4, used);
        Assert.All(ids, id => Assert.Same(flushers.For(id), flushers.For(id)));
    }

    [Fact]
    public void The_default_is_one_flusher_per_two_cores_and_at_least_one()
    {
        var expected = Math.Max(1, Environment.ProcessorCount / 2);
        Assert.Equal(expected, new FeedDeliveryOptions().Flushers);
        Assert.Equal(expected, new LocalHubConnections(8, new ListLogger()).FlusherCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutboxFlushers(0));
    }

    [Fact]
    public async Task A_burst_to_many_connections_over_several_flushers_arrives_complete_and_in_order()
    {
        var local = new LocalHubConnections(sendBacklog: 100_000, new ListLogger(), flushers: 3);
        var connections = Enumerable.Range(0, 30).Select(_ => new TestHubConnection()).ToList();
        foreach (var connection in connections)
        {
            local.Add(connection.Context);
        }
        const int Messages = 200;

        for (var i = 0; i < Messages; i++)
        {
            local.SendAll(new SerializedHubMessage(new InvocationMessage("Say", [$"m{i}"])), []);
        }

        var expected = Enumerable.Range(0, Messages).Select(i => (string?)$"m{i}").ToList();
        foreach (var connection in connections)
        {
            await connection.WaitAsync(r => r.Count == Messages, $"{Messages} messages");
            Assert.Equal(expected, connection.ArgumentsOf("Say"));
            await connection.DisposeAsync();
        }
    }
}
