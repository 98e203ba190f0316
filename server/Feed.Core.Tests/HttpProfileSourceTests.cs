using Feed.Core;
using Feed.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Core.Tests;

/// <summary>
/// The HTTP profile client against a real profile service on a loopback port that delays each
/// call and records how many calls overlap.
/// </summary>
public sealed class HttpProfileSourceTests : IAsyncLifetime
{
    private const int Bound = 8;
    private readonly int _port = FreePort.Next();
    private WebApplication? _service;
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _service = builder.Build();
        _service.MapGet("/api/users/{id}", async (string id) =>
        {
            Interlocked.Increment(ref _calls);
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await Task.Delay(id.StartsWith("slow", StringComparison.Ordinal) ? 10_000 : 300);
                return id.StartsWith("broken", StringComparison.Ordinal)
                    ? Results.StatusCode(500)
                    : Results.Json(new UserProfile(id, "Name of " + id, $"/avatars/{id}.svg", null));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
        await _service.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_page_of_twenty_authors_fetches_concurrently_within_the_bound()
    {
        var source = NewSource();
        var ids = Enumerable.Range(0, 20).Select(i => $"user{i}").ToList();

        var authors = await source.GetAuthorsAsync(ids, default);

        Assert.Equal(20, authors.Count);
        Assert.All(ids, id => Assert.Equal("Name of " + id, authors[id].DisplayName));
        Assert.InRange(_maxInFlight, 2, Bound);
    }

    [Fact]
    public async Task A_failing_or_slow_profile_call_yields_a_placeholder_not_an_error()
    {
        // The ok call takes 300 ms on the test service; a cold first request on a loaded 2-core CI
        // box needed more than 800 ms, so the timeout leaves room (slow calls take 10 s).
        var source = NewSource(timeout: TimeSpan.FromSeconds(3));

        var authors = await source.GetAuthorsAsync(["ok1", "broken1", "slow1"], default);

        Assert.Equal("Name of ok1", authors["ok1"].DisplayName);
        Assert.Equal(IProfileSource.Placeholder("broken1"), authors["broken1"]);
        Assert.Equal(IProfileSource.Placeholder("slow1"), authors["slow1"]);
    }

    [Fact]
    public async Task Profiles_are_cached_for_the_ttl_and_concurrent_asks_share_one_fetch()
    {
        var source = NewSource();

        var first = source.GetAuthorsAsync(["cached1", "cached2"], default);
        var second = source.GetAuthorsAsync(["cached1", "cached2"], default);
        await Task.WhenAll(first, second);
        var third = await source.GetAuthorsAsync(["cached1", "cached2"], default);

        Assert.Equal(2, _calls);
        Assert.Equal("Name of cached2", third["cached2"].DisplayName);
    }

    private HttpProfileSource NewSource(TimeSpan? timeout = null) => new(
        new HttpClient(),
        new ProfileServiceOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{_port}/"),
            MaxConcurrency = Bound,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        },
        TimeProvider.System,
        NullLogger<HttpProfileSource>.Instance);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
