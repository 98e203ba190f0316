using Microsoft.Extensions.Logging.Abstractions;
using Feed.SignalR.Internal;

namespace Feed.SignalR.Tests;

/// <summary>The group and user sets: a set of one grows and shrinks correctly, also under races.</summary>
public sealed class MemberIndexTests : IAsyncDisposable
{
    private static readonly SlowConnectionPolicy Policy = new(backlog: 16, NullLogger.Instance);
    private static readonly OutboxFlusher Flusher = new(0);
    private readonly TestHubConnection _ann = new();
    private readonly TestHubConnection _bob = new();
    private readonly LocalConnection _a;
    private readonly LocalConnection _b;

    public MemberIndexTests() => (_a, _b) = (new LocalConnection(_ann.Context, Policy, Flusher), new LocalConnection(_bob.Context, Policy, Flusher));

    public async ValueTask DisposeAsync()
    {
        await _ann.DisposeAsync();
        await _bob.DisposeAsync();
    }

    [Fact]
    public void A_set_grows_from_one_member_and_is_gone_when_its_last_member_leaves()
    {
        var (index, a, b) = (new MemberIndex(), _a, _b);

        index.Add("g", a);
        index.Add("g", a);
        Assert.Equal([a], index.Members("g"));
        index.Add("g", b);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), index.Members("g").Select(c => c.Id).Order());
        index.Remove("g", a);
        Assert.Equal([b], index.Members("g"));
        index.Remove("g", a);
        index.Remove("g", b);
        Assert.Empty(index.Members("g"));
        index.Add("g", b);
        Assert.Equal([b], index.Members("g"));
    }

    [Fact]
    public void Removing_a_connection_that_is_not_a_member_leaves_the_set_alone()
    {
        var (index, a, b) = (new MemberIndex(), _a, _b);

        index.Add("g", a);
        index.Remove("g", b);
        index.Remove("other", a);
        Assert.Equal([a], index.Members("g"));
    }

    [Fact]
    public async Task Concurrent_joins_and_leaves_of_one_set_end_with_exactly_the_members_that_stayed()
    {
        var index = new MemberIndex();
        var hubs = Enumerable.Range(0, 16).Select(_ => new TestHubConnection()).ToArray();
        var members = hubs.Select(h => new LocalConnection(h.Context, Policy, Flusher)).ToArray();

        // Each task churns its own connection through the set; the even ones end inside it.
        await Task.WhenAll(members.Select((member, i) => Task.Run(() =>
        {
            for (var round = 0; round < 2_000; round++)
            {
                index.Add("g", member);
                index.Remove("g", member);
            }
            if (i % 2 == 0)
            {
                index.Add("g", member);
            }
        })));

        var expected = members.Where((_, i) => i % 2 == 0).Select(m => m.Id).Order();
        Assert.Equal(expected, index.Members("g").Select(m => m.Id).Order());
        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }
    }
}
