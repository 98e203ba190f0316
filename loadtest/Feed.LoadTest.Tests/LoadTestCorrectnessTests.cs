using System.Text.Json;
using Feed.LoadTest.Options;
using Feed.LoadTest.Report;

namespace Feed.LoadTest.Tests;

/// <summary>
/// The load tester run briefly against a real server: correctness only (every expected delivery
/// arrived, none twice, no failed connects). Timing is for the benchmarks, never asserted here.
/// </summary>
public sealed class LoadTestCorrectnessTests(LoadTestServer server) : IClassFixture<LoadTestServer>
{
    [Theory]
    [InlineData("json", "raw")]
    [InlineData("messagepack", "raw")]
    [InlineData("json", "official")]
    [InlineData("messagepack", "official")]
    public async Task Every_post_at_a_rate_reaches_every_follower_once(string protocol, string client)
    {
        var report = await RunAsync(new LoadTestOptions
        {
            Urls = [server.BaseUrl],
            Connections = 200,
            Ramp = 400,
            Publishers = 2,
            Rate = 10,
            Duration = TimeSpan.FromSeconds(5),
            Drain = TimeSpan.FromSeconds(60),
            Protocol = protocol,
            Client = client,
        });

        AssertCorrect(report, connections: 200, posts: 50);
        Assert.Equal(protocol, report.Scenario.Protocol);
        Assert.True(report.BytesPerFeedUpdated > 0);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("official")]
    public async Task Every_post_of_a_burst_after_a_warm_up_reaches_every_follower_once_and_the_warm_up_is_not_counted(string client)
    {
        var report = await RunAsync(new LoadTestOptions
        {
            Urls = [server.BaseUrl],
            Connections = 200,
            Ramp = 1000,
            Publishers = 3,
            Burst = 20,
            Warmup = 5,
            // This test process compiles for every class running beside this one: it never goes quiet.
            JitWait = TimeSpan.FromSeconds(2),
            Drain = TimeSpan.FromSeconds(60),
            Protocol = "messagepack",
            Client = client,
        });

        AssertCorrect(report, connections: 200, posts: 20);
        Assert.Equal(5, report.Scenario.Warmup);
        Assert.True(report.Server!.JitWaitSeconds >= 1, $"waited {report.Server.JitWaitSeconds} s for the server's JIT");
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_as_failed_connects_not_a_crash()
    {
        var url = new Uri($"http://127.0.0.1:{Feed.Testing.FreePort.Next()}");
        var report = await RunAsync(new LoadTestOptions { Urls = [url], Connections = 5, Publishers = 0, Duration = TimeSpan.Zero });

        Assert.Equal(5, report.Connections.Attempted);
        Assert.Equal(5, report.Connections.Failed);
        Assert.False(report.Correct);
        Assert.Contains(report.Errors.Keys, kind => kind.StartsWith("token:", StringComparison.Ordinal));
    }

    internal static async Task<LoadTestReport> RunAsync(LoadTestOptions options)
    {
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await LoadTestProgram.RunAsync(options with { Quiet = true }, output, timeout.Token);
    }

    private static void AssertCorrect(LoadTestReport report, int connections, int posts)
    {
        var context = JsonSerializer.Serialize(report, LoadTestProgram.JsonOptions);
        Assert.True(report.Connections.Succeeded == connections, context);
        Assert.True(report.Connections.Failed == 0 && report.Connections.Lost == 0, context);
        Assert.True(report.Posts.Published == posts && report.Posts.Failed == 0, context);
        Assert.True(report.Deliveries.Expected == (long)connections * posts, context);
        Assert.True(report.Deliveries.Received == report.Deliveries.Expected, context);
        Assert.True(report.Deliveries.Missing == 0 && report.Deliveries.Duplicates == 0 && report.Deliveries.Unexpected == 0, context);
        Assert.True(report.Errors.Count == 0, context);
        Assert.True(report.Correct, context);
    }
}
