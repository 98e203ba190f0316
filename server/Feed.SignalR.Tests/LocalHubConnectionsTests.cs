using System.IO.Pipelines;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Tests;

/// <summary>Local delivery: indexes, and a slow reader dropped past its backlog without delaying anyone.</summary>
public sealed class LocalHubConnectionsTests
{
    private static SerializedHubMessage Message(string text) => new(new InvocationMessage("Say", [text]));

    [Fact]
    public async Task A_connection_that_stops_reading_is_dropped_past_its_backlog_and_others_still_get_everything()
    {
        var local = new LocalHubConnections(sendBacklog: 4, new ListLogger());
        // Its pipe pauses the writer after 1 byte and nobody reads: every write stays pending.
        await using var stuck = new TestHubConnection(output: new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        await using var healthy = new TestHubConnection();
        local.Add(stuck.Context);
        local.Add(healthy.Context);

        for (var i = 0; i < 10; i++)
        {
            local.SendAll(Message($"m{i}"), []);
        }

        await healthy.WaitForAsync("m9");
        Assert.True(stuck.Context.ConnectionAborted.WaitHandle.WaitOne(Within.Limit), "the stuck connection was not aborted");
    }

    [Fact]
    public async Task Group_and_user_indexes_follow_membership()
    {
        var local = new LocalHubConnections(16, new ListLogger());
        await using var ann = new TestHubConnection("ann");
        local.Add(ann.Context);

        Assert.Equal(LocalGroupChange.Changed, local.AddToGroup(ann.Id, "g"));
        Assert.Equal(LocalGroupChange.Unchanged, local.AddToGroup(ann.Id, "g"));
        Assert.Equal(LocalGroupChange.NotLocal, local.AddToGroup("elsewhere", "g"));
        Assert.Equal([ann.Id], local.ConnectionsOf("ann"));
        Assert.Equal(["g"], local.Remove(ann.Context));
        Assert.Empty(local.ConnectionsOf("ann"));
        Assert.False(local.SendConnection(ann.Id, Message("gone")));
    }

    [Theory]
    [InlineData(2)]   // a small audience: walked member by member
    [InlineData(500)] // larger than the instance's users: the users are walked and tested instead
    public async Task An_audience_send_reaches_each_local_connection_of_its_users_once_whichever_side_is_walked(int audienceSize)
    {
        var local = new LocalHubConnections(16, new ListLogger());
        await using var ann1 = new TestHubConnection("ann");
        await using var ann2 = new TestHubConnection("ann");
        await using var bob = new TestHubConnection("bob");
        await using var carol = new TestHubConnection("carol");
        foreach (var connection in new[] { ann1, ann2, bob, carol })
        {
            local.Add(connection.Context);
        }
        var users = new HashSet<string>(Enumerable.Range(0, audienceSize - 2).Select(i => "elsewhere" + i)) { "ann", "bob" };

        local.SendAudience(new SetAudience(users), Message("to the audience"));
        local.SendAudience(new SetAudience(users), Message("second"));
        // Carol's own queue keeps its order: a wrong delivery to her would be ahead of this.
        local.SendConnection(carol.Id, Message("marker"));

        foreach (var connection in new[] { ann1, ann2, bob })
        {
            await connection.WaitForAsync("second");
            Assert.Equal(["to the audience", "second"], connection.ArgumentsOf("Say"));
        }
        await carol.WaitForAsync("marker");
        Assert.Equal(["marker"], carol.ArgumentsOf("Say"));
    }

    private sealed class SetAudience(HashSet<string> users) : IAudience
    {
        public int Count => users.Count;

        public bool Contains(string userId) => users.Contains(userId);

        public IEnumerable<string> Users => users;
    }
}
