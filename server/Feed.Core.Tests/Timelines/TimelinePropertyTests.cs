using Feed.Core;
using Feed.Testing.Timelines;

namespace Feed.Core.Tests.Timelines;

/// <summary>The property in process: random graphs, posts, follows and unfollows; every page through the timeline equals the store query's.</summary>
public sealed class TimelinePropertyTests
{
    public static TheoryData<int, int, int> Runs()
    {
        var runs = new TheoryData<int, int, int>();
        for (var seed = 1; seed <= 30; seed++)
        {
            // Small caps and thresholds so floors, store fallbacks and celebrities all occur.
            runs.Add(seed, seed % 2 == 0 ? 10 : 25, seed % 3 == 0 ? 100 : 3);
        }
        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Every_page_through_the_timeline_equals_the_store_query_page(int seed, int capacity, int celebrityFollowers)
    {
        var setup = new InProcessTimelines(new TimelineOptions { Capacity = capacity, CelebrityFollowers = celebrityFollowers });
        var property = new TimelineProperty(setup.Store, setup.Home, setup.Queue, setup.Time, seed) { Users = 10, Steps = 200 };

        await property.RunAsync();

        Assert.True(property.PagesCompared > 50, $"only {property.PagesCompared} pages compared");
        // The timelines answered, not only the fallback: else the property would prove nothing about them.
        Assert.True(setup.Home.PagesServed > property.PagesCompared / 4, $"{setup.Home.PagesServed} of {property.PagesCompared} pages from timelines");
    }
}
