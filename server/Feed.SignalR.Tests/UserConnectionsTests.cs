using Feed.SignalR.Delivery;

namespace Feed.SignalR.Tests;

/// <summary>Each user's list of connections: copy-on-write, consistent under concurrent changes.</summary>
public sealed class UserConnectionsTests
{
    [Fact]
    public void Lists_each_connection_once_and_forgets_the_user_with_the_last_one()
    {
        var connections = new UserConnections();
        connections.Add("ann", "c1");
        connections.Add("ann", "c1");
        connections.Add("ann", "c2");
        connections.Add("bob", "c3");
        var before = connections.Of("ann");

        connections.Remove("ann", "c1");
        connections.Remove("ann", "unknown");
        connections.Remove("nobody", "c1");

        Assert.Equal(["c1", "c2"], before);
        Assert.Equal(["c2"], connections.Of("ann"));
        Assert.Equal(["c3"], connections.Of("bob"));
        connections.Remove("ann", "c2");
        Assert.Empty(connections.Of("ann"));
    }

    [Fact]
    public async Task Concurrent_connects_and_disconnects_of_one_user_end_with_the_connections_still_open()
    {
        var connections = new UserConnections();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            var id = $"c{i}";
            for (var round = 0; round < 2_000; round++)
            {
                connections.Add("ann", id);
                connections.Remove("ann", id);
            }
            if (i % 2 == 0)
            {
                connections.Add("ann", id);
            }
        })));

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"c{i * 2}").Order(), connections.Of("ann").Order());
    }
}
