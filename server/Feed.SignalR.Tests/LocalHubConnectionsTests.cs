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
        await using var ann = new TestHubConnection("ann");
        var local = InstanceOf(ann);

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
        await using var ann1 = new TestHubConnection("ann");
        await using var ann2 = new TestHubConnection("ann");
        await using var bob = new TestHubConnection("bob");
        await using var carol = new TestHubConnection("carol");
        var local = InstanceOf(ann1, ann2, bob, carol);
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

    [Fact]
    public async Task A_large_audience_tests_each_user_once_until_a_change_for_that_user_is_applied()
    {
        await using var ann = new TestHubConnection("ann");
        await using var bob1 = new TestHubConnection("bob");
        await using var bob2 = new TestHubConnection("bob");
        await using var carol = new TestHubConnection("carol");
        var local = InstanceOf(ann, bob1, bob2, carol);
        var audience = new CountingAudience(["ann", "bob", .. Enumerable.Range(0, 100).Select(i => "elsewhere" + i)]);

        local.SendAudience(audience, Message("1"));
        local.SendAudience(audience, Message("2"));
        // Members are remembered (ann alone here, bob with two connections); carol, not one, is asked each time.
        Assert.Equal(new Dictionary<string, int> { ["ann"] = 1, ["bob"] = 1, ["carol"] = 2 }, audience.Asked);

        local.ChangeAudience(audience, "a", "ann", member: false);
        local.ChangeAudience(audience, "a", "bob", member: false);
        local.SendAudience(audience, Message("3"));
        foreach (var connection in new[] { ann, bob1, bob2 })
        {
            // Behind "3" on the connection's own queue: had "3" been sent to it, it would be here first.
            local.SendConnection(connection.Id, Message("marker"));
            await connection.WaitForAsync("marker");
            Assert.Equal(["1", "2", "marker"], connection.ArgumentsOf("Say"));
        }
        Assert.Equal(new Dictionary<string, int> { ["ann"] = 2, ["bob"] = 2, ["carol"] = 3 }, audience.Asked);

        var reloaded = new CountingAudience(["carol", .. Enumerable.Range(0, 100).Select(i => "elsewhere" + i)]);
        local.SendAudience(reloaded, Message("4"));
        await carol.WaitForAsync("4");
        Assert.Equal(["4"], carol.ArgumentsOf("Say"));
        Assert.Equal(new Dictionary<string, int> { ["ann"] = 1, ["bob"] = 1, ["carol"] = 1 }, reloaded.Asked);
    }

    [Fact]
    public Task An_audience_whose_local_users_were_found_is_walked_next_time_and_a_small_one_stays_looked_up() =>
        WithUsersAsync(8, async (local, connections) =>
        {
            var everyone = new CountingAudience(connections.Select(c => c.Context.UserIdentifier!));
            var one = new CountingAudience(["u0"]);

            // As large as the instance's users: first looked up member by member (nothing known yet),
            // then walked, each user tested once, then walked on what was remembered.
            local.SendAudience(everyone, Message("1"));
            Assert.Equal((1, 0), (everyone.Enumerated, everyone.Asked.Count));
            local.SendAudience(everyone, Message("2"));
            Assert.Equal(1, everyone.Enumerated);
            Assert.All(connections, c => Assert.Equal(1, everyone.Asked[c.Context.UserIdentifier!]));
            local.SendAudience(everyone, Message("3"));
            Assert.Equal(1, everyone.Enumerated);
            Assert.All(connections, c => Assert.Equal(1, everyone.Asked[c.Context.UserIdentifier!]));

            // One member among eight users: walking would test seven users it never finds.
            local.SendAudience(one, Message("a"));
            local.SendAudience(one, Message("b"));
            Assert.Equal((2, 0), (one.Enumerated, one.Asked.Count));

            await connections[0].WaitForAsync("b");
            Assert.Equal(["1", "2", "3", "a", "b"], connections[0].ArgumentsOf("Say"));
            foreach (var connection in connections.Skip(1))
            {
                local.SendConnection(connection.Id, Message("marker"));
                await connection.WaitForAsync("marker");
                Assert.Equal(["1", "2", "3", "marker"], connection.ArgumentsOf("Say"));
            }
        });

    [Fact]
    public Task Two_large_audiences_taking_turns_over_the_same_users_go_back_to_lookups_once_marks_are_seen_not_to_last() =>
        WithUsersAsync(8, async (local, connections) =>
        {
            var users = connections.Select(c => c.Context.UserIdentifier!).ToArray();
            var first = new CountingAudience(users);
            var second = new CountingAudience(users);

            // Each looked up, then walked (every user keeps one mark: the last audience it was found in).
            foreach (var audience in new[] { first, second, first, second })
            {
                local.SendAudience(audience, Message("x"));
            }
            Assert.Equal((1, 1), (first.Enumerated, second.Enumerated));
            // The first audience's second walk finds no mark of its own left: every user was tested again.
            local.SendAudience(first, Message("x"));
            Assert.All(users, u => Assert.Equal(2, first.Asked[u]));
            local.SendAudience(first, Message("y"));
            Assert.Equal(2, first.Enumerated);
            Assert.All(users, u => Assert.Equal(2, first.Asked[u]));

            foreach (var connection in connections)
            {
                await connection.WaitForAsync("y");
                Assert.Equal(["x", "x", "x", "x", "x", "y"], connection.ArgumentsOf("Say"));
            }
        });

    [Fact]
    public async Task A_send_that_found_a_user_before_the_user_left_does_not_make_later_sends_reach_them()
    {
        await using var ann = new TestHubConnection("ann");
        var local = InstanceOf(ann);
        var audience = new CountingAudience(["ann", .. Enumerable.Range(0, 10).Select(i => "elsewhere" + i)]);
        using var asking = new ManualResetEventSlim();
        using var answer = new ManualResetEventSlim();
        audience.OnAsked = () =>
        {
            asking.Set();
            answer.Wait();
        };

        // The first send finds ann in the audience, but answers only after she has left it.
        var first = Task.Run(() => local.SendAudience(audience, Message("before")));
        Assert.True(asking.Wait(TimeSpan.FromSeconds(10)));
        audience.OnAsked = null;
        local.ChangeAudience(audience, "a", "ann", member: false);
        answer.Set();
        await first;
        local.SendAudience(audience, Message("after"));
        local.SendConnection(ann.Id, Message("marker"));

        await ann.WaitForAsync("marker");
        Assert.Equal(["before", "marker"], ann.ArgumentsOf("Say"));
        Assert.Equal(2, audience.Asked["ann"]);
    }

    /// <summary>Runs <paramref name="test"/> on an instance with users u0, u1, ... each connected once.</summary>
    private static async Task WithUsersAsync(int count, Func<LocalHubConnections, TestHubConnection[], Task> test)
    {
        var connections = Enumerable.Range(0, count).Select(i => new TestHubConnection("u" + i)).ToArray();
        try
        {
            await test(InstanceOf(connections), connections);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static LocalHubConnections InstanceOf(params TestHubConnection[] connections)
    {
        var local = new LocalHubConnections(16, new ListLogger());
        foreach (var connection in connections)
        {
            local.Add(connection.Context);
        }
        return local;
    }

    /// <summary>Counts membership tests; its own resolver, whose changes go to its set.</summary>
    private sealed class CountingAudience(IEnumerable<string> users) : IAudience, IAudienceResolver
    {
        private readonly HashSet<string> _users = [.. users];

        public Dictionary<string, int> Asked { get; } = [];

        public Action? OnAsked { get; set; }

        public int Count => _users.Count;

        public bool Contains(string userId)
        {
            lock (Asked)
            {
                Asked[userId] = Asked.GetValueOrDefault(userId) + 1;
            }
            var member = _users.Contains(userId);
            OnAsked?.Invoke(); // with the answer already taken, as a read racing a change may
            return member;
        }

        /// <summary>How many times its users were listed (a send looking them up one by one).</summary>
        public int Enumerated { get; private set; }

        public IEnumerable<string> Users
        {
            get
            {
                Enumerated++;
                return _users;
            }
        }

        public ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken) => ValueTask.FromResult<IAudience>(this);

        public void Apply(string audience, string userId, bool member)
        {
            if (member)
            {
                _users.Add(userId);
            }
            else
            {
                _users.Remove(userId);
            }
        }

        public void Reset()
        {
        }
    }

    private sealed class SetAudience(HashSet<string> users) : IAudience
    {
        public int Count => users.Count;

        public bool Contains(string userId) => users.Contains(userId);

        public IEnumerable<string> Users => users;
    }
}
