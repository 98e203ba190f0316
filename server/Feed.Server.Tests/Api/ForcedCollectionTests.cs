using Feed.Server.Api;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Server.Tests.Api;

/// <summary>The forced collection behind <c>?gc=true</c> runs at most once per interval, on the server's clock.</summary>
public sealed class ForcedCollectionTests
{
    [Fact]
    public void Within_the_interval_of_the_last_collection_none_runs_and_the_wait_left_is_given()
    {
        var time = new FakeTimeProvider();
        var collections = 0;
        var collection = new ForcedCollection(time, ForcedCollection.MinimumInterval, () => collections++);

        Assert.True(collection.TryCollect(out _));
        time.Advance(TimeSpan.FromSeconds(9.5));
        Assert.False(collection.TryCollect(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);
        Assert.Equal(1, collections);

        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(collection.TryCollect(out _));
        Assert.False(collection.TryCollect(out retryAfter));
        Assert.Equal(ForcedCollection.MinimumInterval, retryAfter);
        Assert.Equal(2, collections);
    }

    [Fact]
    public void With_no_interval_every_request_collects()
    {
        var collections = 0;
        var collection = new ForcedCollection(new FakeTimeProvider(), TimeSpan.Zero, () => collections++);

        Assert.True(collection.TryCollect(out _));
        Assert.True(collection.TryCollect(out _));
        Assert.Equal(2, collections);
    }
}
