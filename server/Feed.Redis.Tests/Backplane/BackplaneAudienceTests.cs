using System.Collections.Concurrent;
using Feed.SignalR;

namespace Feed.Redis.Tests.Backplane;

/// <summary>
/// Audiences across instances: each instance resolves an audience from its own copy, kept in step by
/// acknowledged changes. Every message of one audience travels one partition channel, in order, so
/// a later message that arrives proves an earlier one that was not delivered never will be.
/// </summary>
public sealed class BackplaneAudienceTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private const string Method = "Say";

    [Fact]
    public async Task A_send_reaches_every_connection_of_the_audiences_users_once_and_changes_apply_everywhere_before_returning()
    {
        var copies = new[] { new TestAudiences(), new TestAudiences() };
        foreach (var copy in copies)
        {
            copy.Apply("author", "ann", member: true);
        }
        await using var servers = await Instances.StartAsync(fixture.Server, 2, audiences: i => copies[i]);
        var annHere = await servers.ConnectAsync(0, "ann");
        var annThere = await servers.ConnectAsync(1, "ann");
        var bobThere = await servers.ConnectAsync(1, "bob");

        await servers[0].SendAsync("author", Method, ["first"]);
        await annHere.WaitForAsync("first");
        await annThere.WaitForAsync("first");

        await servers[1].ChangeAsync("author", "bob", member: true);
        Assert.All(copies, copy => Assert.True(copy.Has("author", "bob")));
        await servers[0].SendAsync("author", Method, ["second"]);
        await bobThere.WaitForAsync("second");
        Assert.DoesNotContain("first", bobThere.ArgumentsOf(Method));

        await servers[0].ChangeAsync("author", "ann", member: false);
        await servers[0].SendAsync("author", Method, ["third"]);
        await bobThere.WaitForAsync("third");
        await servers[1].ChangeAsync("author", "ann", member: true);
        await servers[0].SendAsync("author", Method, ["fourth"]);
        foreach (var ann in new[] { annHere, annThere })
        {
            await ann.WaitForAsync("fourth");
            Assert.Equal(["first", "second", "fourth"], ann.ArgumentsOf(Method));
        }
    }

    [Fact]
    public async Task An_audience_that_cannot_be_resolved_on_one_instance_still_reaches_the_others_and_is_logged()
    {
        var broken = new TestAudiences { Broken = true };
        var working = new TestAudiences();
        working.Apply("author", "ann", member: true);
        await using var servers = await Instances.StartAsync(fixture.Server, 2, audiences: i => i == 0 ? broken : working);
        var annThere = await servers.ConnectAsync(1, "ann");

        await servers[0].SendAsync("author", Method, ["still delivered"]);

        await annThere.WaitForAsync("still delivered");
        Assert.Contains(servers.Log.Lines, line => line.Contains("could not be resolved", StringComparison.Ordinal));
    }

    /// <summary>One instance's copy of its audiences.</summary>
    private sealed class TestAudiences : IAudienceResolver
    {
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _audiences = new();

        public bool Broken { get; init; }

        public bool Has(string audience, string user) => _audiences.TryGetValue(audience, out var users) && users.ContainsKey(user);

        public ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken) => Broken
            ? throw new InvalidOperationException("the store is down")
            : ValueTask.FromResult<IAudience>(new Audience(_audiences.GetOrAdd(audience, _ => new())));

        public void Apply(string audience, string userId, bool member)
        {
            var users = _audiences.GetOrAdd(audience, _ => new());
            if (member)
            {
                users.TryAdd(userId, 0);
            }
            else
            {
                users.TryRemove(userId, out _);
            }
        }

        public void Reset()
        {
        }

        private sealed class Audience(ConcurrentDictionary<string, byte> users) : IAudience
        {
            public int Count => users.Count;

            public bool Contains(string userId) => users.ContainsKey(userId);

            public IEnumerable<string> Users => users.Keys;
        }
    }
}
