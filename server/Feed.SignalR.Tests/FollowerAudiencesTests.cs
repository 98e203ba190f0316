using Feed.Core;
using Feed.SignalR.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Feed.SignalR.Tests;

/// <summary>
/// Follower audiences keep one object per held follower set, as delivery's remembered members ask
/// (<see cref="IAudience"/>), and a new object whenever the set may have changed outside Apply.
/// </summary>
public sealed class FollowerAudiencesTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private readonly InMemoryFeedStore _store = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FollowerAudiences _audiences;

    public FollowerAudiencesTests() => _audiences = new FollowerAudiences(new FollowerSets(_store, _time, Lifetime));

    [Fact]
    public async Task An_author_and_their_followers_each_resolve_to_one_object_while_their_set_is_held()
    {
        await _store.FollowAsync("fan", "author", default);

        var author = await _audiences.ResolveAsync("author", default);
        var followers = await _audiences.ResolveAsync(FollowerAudiences.FollowersOf("author"), default);
        _audiences.Apply("author", "newcomer", member: true);

        Assert.Same(author, await _audiences.ResolveAsync("author", default));
        Assert.Same(followers, await _audiences.ResolveAsync(FollowerAudiences.FollowersOf("author"), default));
        Assert.NotSame(author, followers);
        Assert.True(author.Contains("author") && author.Contains("newcomer"));
        Assert.False(followers.Contains("author"));
        Assert.True(followers.Contains("newcomer"));
    }

    [Fact]
    public async Task A_set_reloaded_after_a_reset_or_its_lifetime_is_a_new_audience_object()
    {
        await _store.FollowAsync("fan", "author", default);
        var first = await _audiences.ResolveAsync("author", default);

        // Changed in the store with no Apply here (as during a backplane outage).
        await _store.UnfollowAsync("fan", "author", default);
        _audiences.Reset();
        var afterReset = await _audiences.ResolveAsync("author", default);
        _time.Advance(Lifetime);
        var afterExpiry = await _audiences.ResolveAsync("author", default);

        Assert.NotSame(first, afterReset);
        Assert.False(afterReset.Contains("fan"));
        Assert.NotSame(afterReset, afterExpiry);
    }
}
