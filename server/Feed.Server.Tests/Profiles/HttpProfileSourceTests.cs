using Feed.Core;
using Feed.Server.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Server.Tests.Profiles;

/// <summary>
/// The HTTP profile source as the server wires it (<c>AddFeedProfiles</c>: HybridCache and the
/// resilience handler) against a real service on a loopback port, on a fake clock.
/// </summary>
public sealed class HttpProfileSourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    // Longer than Within: a timeout that ran on the wall clock instead of the fake one would fail the test.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private const int Bound = 4;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private ProfileService _service = null!;
    private ServiceProvider _services = null!;
    private IProfileSource _source = null!;
    private InstrumentTotals _metrics = null!;

    public async Task InitializeAsync()
    {
        _service = await ProfileService.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feed:Profiles:BaseUrl"] = _service.BaseUrl.ToString(),
            ["Feed:Profiles:MaxConcurrency"] = Bound.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Feed:Profiles:Timeout"] = CallTimeout.ToString(),
            ["Feed:Profiles:CacheTtl"] = Ttl.ToString(),
            ["Feed:Profiles:BreakerMinimumCalls"] = "2",
            ["Feed:Profiles:BreakDuration"] = BreakDuration.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton<TimeProvider>(_time).AddSingleton<FeedMetrics>();
        services.AddFeedProfiles(configuration);
        _services = services.BuildServiceProvider();
        _source = _services.GetRequiredService<IProfileSource>();
        _metrics = new InstrumentTotals(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _services.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch_per_id()
    {
        _service.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pages = Enumerable.Range(0, 10).Select(_ => _source.GetAuthorsAsync(["shared1", "shared2"], default)).ToList();
        await Task.WhenAll(_service.ArrivalOf("shared1").Task, _service.ArrivalOf("shared2").Task).WaitAsync(Within);

        _service.Gate.SetResult();
        var results = await Task.WhenAll(pages).WaitAsync(Within);

        Assert.All(results, page => Assert.Equal("Name of shared2", page["shared2"].DisplayName));
        Assert.Equal(1, _service.CallsFor("shared1"));
        Assert.Equal(1, _service.CallsFor("shared2"));
        Assert.Equal(2, _metrics["feed.profile.fetches"]);
        Assert.Equal(18, _metrics["feed.profile.cache_hits"]); // 9 callers x 2 ids joined a fetch
    }

    [Fact]
    public async Task A_page_of_authors_is_fetched_concurrently_within_the_bound()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"many{i}").ToList();
        _service.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = _source.GetAuthorsAsync(ids, default);
        await WaitUntilAsync(() => _service.InFlight == Bound);

        _service.Gate.SetResult();
        var authors = await page.WaitAsync(Within);

        Assert.All(ids, id => Assert.Equal("Name of " + id, authors[id].DisplayName));
        Assert.Equal(Bound, _service.MaxInFlight);
    }

    [Fact]
    public async Task A_profile_is_reused_for_the_ttl_then_fetched_again()
    {
        await _source.GetAuthorsAsync(["ttl1"], default);
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        await _source.GetAuthorsAsync(["ttl1"], default);
        Assert.Equal(1, _service.CallsFor("ttl1"));

        _time.Advance(TimeSpan.FromSeconds(2));
        var again = await _source.GetAuthorsAsync(["ttl1"], default);

        Assert.Equal(2, _service.CallsFor("ttl1"));
        Assert.Equal("Name of ttl1", again["ttl1"].DisplayName);
    }

    [Fact]
    public async Task A_slow_profile_becomes_a_placeholder_after_the_timeout()
    {
        // Cached first: advancing the clock must not time out a quick call still on the wire.
        await _source.GetAuthorsAsync(["quick1"], default);
        var page = _source.GetAuthorsAsync(["quick1", "slow1"], default);
        await _service.ArrivalOf("slow1").Task.WaitAsync(Within);

        _time.Advance(CallTimeout + TimeSpan.FromMilliseconds(1));
        var authors = await page.WaitAsync(Within);

        Assert.Equal("Name of quick1", authors["quick1"].DisplayName);
        Assert.Equal(IProfileSource.Placeholder("slow1"), authors["slow1"]);
    }

    [Fact]
    public async Task A_failed_profile_becomes_a_placeholder_and_is_not_cached()
    {
        _service.Failing = true;
        var failed = await _source.GetAuthorsAsync(["broken1"], default);
        _service.Failing = false;
        var later = await _source.GetAuthorsAsync(["broken1"], default);

        Assert.Equal(IProfileSource.Placeholder("broken1"), failed["broken1"]);
        Assert.Equal("Name of broken1", later["broken1"].DisplayName);
        Assert.Equal(2, _service.CallsFor("broken1"));
    }

    [Fact]
    public async Task The_breaker_stops_calls_to_a_failing_service_and_closes_once_it_recovers()
    {
        _service.Failing = true;
        await _source.GetAuthorsAsync(["down1"], default);
        await _source.GetAuthorsAsync(["down2"], default);
        var reached = _service.Total;

        var whileOpen = await _source.GetAuthorsAsync(["down3", "down4", "down5"], default);

        Assert.Equal(reached, _service.Total);
        Assert.All(whileOpen, pair => Assert.Equal(IProfileSource.Placeholder(pair.Key), pair.Value));

        _service.Failing = false;
        _time.Advance(BreakDuration + TimeSpan.FromMilliseconds(1));
        var trial = await _source.GetAuthorsAsync(["up1"], default);
        var closed = await _source.GetAuthorsAsync(["up2", "up3"], default);

        Assert.Equal("Name of up1", trial["up1"].DisplayName);
        Assert.Equal("Name of up3", closed["up3"].DisplayName);
        Assert.Equal(reached + 3, _service.Total);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Within);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
