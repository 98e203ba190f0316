using System.Net.Http.Json;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>/api/admin/stats: what load tests read to compute memory per connection.</summary>
public sealed class AdminStatsTests(FeedServerFixture fixture) : IClassFixture<FeedServerFixture>
{
    private sealed record Stats(long Connections, long ConnectionsOpened, long PostsPublished, long WorkingSetBytes, long ManagedHeapBytes, int ProcessorCount,
        long JitCompiledMethods, double JitSeconds);

    private FeedServer Server => fixture.Server;

    [Fact]
    public async Task Stats_count_live_connections_and_posts_and_report_memory()
    {
        var connections = new List<FeedConnection>();
        for (var i = 0; i < 3; i++)
        {
            connections.Add(await Server.ConnectAsync(TestUsers.New("counted")));
        }
        await connections[0].Client.PublishAsync("counted post");

        var during = await WaitForStatsAsync(s => s.Connections == 3);
        Assert.Equal(1, during.PostsPublished);
        // Each on its own: in a test process a large array fresh from the OS is counted in the managed
        // heap before its pages are touched (in the working set), so one can exceed the other.
        Assert.True(during.WorkingSetBytes > 0, $"working set {during.WorkingSetBytes}");
        Assert.True(during.ManagedHeapBytes > 0, $"managed heap {during.ManagedHeapBytes}");
        Assert.Equal(Environment.ProcessorCount, during.ProcessorCount);
        // The test process has compiled at least the code that just served these requests.
        Assert.True(during.JitCompiledMethods > 0 && during.JitSeconds > 0, $"JIT {during.JitCompiledMethods} methods in {during.JitSeconds} s");

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        var after = await WaitForStatsAsync(s => s.Connections == 0, gc: true);
        Assert.Equal(3, after.ConnectionsOpened);
    }

    private async Task<Stats> WaitForStatsAsync(Func<Stats, bool> condition, bool gc = false)
    {
        Stats? last = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            last = await Server.Http.GetFromJsonAsync<Stats>($"/api/admin/stats?gc={gc}".ToLowerInvariant());
            if (condition(last!))
            {
                return last!;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"stats never matched; last: {last}");
    }
}
