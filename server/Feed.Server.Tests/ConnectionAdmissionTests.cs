using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Feed.Core;
using Feed.Server.Api;
using Feed.Server.Tests.Infrastructure;
using Feed.Server.Tests.Metrics;
using Feed.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Server.Tests;

/// <summary>
/// Connection admission (<c>Feed:Limits:ConnectsPerSecond</c>, <c>Feed:Limits:MaxConnections</c>):
/// a burst of official SignalR clients (negotiating first, as browsers do) over the limit. The
/// excess is refused at once with 503 and Retry-After, the connections already open keep getting
/// posts, and each refused client gets in by trying again after its Retry-After. The server's
/// clock is a <see cref="FakeTimeProvider"/> (the connect-rate bucket refills on it). In the
/// metrics collection because it reads <c>feed_connections_refused_total</c>.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class ConnectionAdmissionTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_burst_over_the_connect_rate_is_refused_at_once_then_let_in_at_the_rate_while_open_connections_keep_their_posts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?> { ["Feed:Limits:ConnectsPerSecond"] = "3" }, time: time);
        var author = TestUsers.New("author");
        using var authorHttp = await server.HttpAsAsync(author);
        var open = await CandidatesAsync(server, author, 3);
        foreach (var candidate in open)
        {
            Assert.Null(await candidate.TryStartAsync()); // the bucket starts full: one second's worth
        }
        time.Advance(Second);

        var burst = await CandidatesAsync(server, author, 8);
        var firstTries = await Task.WhenAll(burst.Select(c => c.TryStartAsync()));

        var admitted = burst.Where((_, i) => firstTries[i] is null).ToList();
        var refused = burst.Zip(firstTries).Where(p => p.Second is not null).Select(p => (Candidate: p.First, Refusal: p.Second!)).ToList();
        Assert.Equal(3, admitted.Count);
        Assert.Equal(5, refused.Count);
        Assert.All(refused, r => AssertRefused(r.Refusal));
        // Refused clients are given turns: three may come back after 1 s, the other two after 2 s.
        Assert.Equal(new[] { 1, 1, 1, 2, 2 }, refused.Select(r => (int)r.Refusal.RetryAfter.TotalSeconds).Order());
        Assert.Equal(6, server.Services.GetRequiredService<ServerStats>().Connections);
        await PublishAndWaitAsync(authorHttp, "during the storm", [.. open, .. admitted]);

        var clock = 0;
        var waiting = refused.Select(r => (r.Candidate, DueAt: (int)r.Refusal.RetryAfter.TotalSeconds)).ToList();
        while (waiting.Count > 0 && clock < 10)
        {
            time.Advance(Second);
            clock++;
            var due = waiting.Where(w => w.DueAt <= clock).ToList();
            var tries = await Task.WhenAll(due.Select(w => w.Candidate.TryStartAsync()));
            // Each comes back on its turn and is let in at the first try.
            Assert.All(tries, t => Assert.Null(t));
            waiting.RemoveAll(due.Contains);
        }

        Assert.Empty(waiting);
        Assert.Equal(2, clock);
        await PublishAndWaitAsync(authorHttp, "after the storm", [.. open, .. burst]);
        await MetricsScrape.UntilAsync(server, t => PrometheusText.Sum(t, "feed_connections_refused_total") == 5 && t.Contains("reason=\"rate\"", StringComparison.Ordinal),
            "feed_connections_refused_total{reason=\"rate\"} 5");
        await DisposeAllAsync([.. open, .. burst]);
    }

    [Fact]
    public async Task A_full_instance_refuses_new_connections_only_and_lets_them_in_as_open_ones_close()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["Feed:Limits:MaxConnections"] = "4",
            ["Feed:Limits:ConnectsPerSecond"] = "0",
        }, time: time);
        var author = TestUsers.New("author");
        using var authorHttp = await server.HttpAsAsync(author);
        // Long polling: every poll is a request of its own, carrying the connection's id.
        var open = await CandidatesAsync(server, author, 3, HttpTransportType.LongPolling);
        foreach (var candidate in open)
        {
            Assert.Null(await candidate.TryStartAsync());
        }

        var burst = await CandidatesAsync(server, author, 4);
        var firstTries = await Task.WhenAll(burst.Select(c => c.TryStartAsync()));

        var admitted = burst.Where((_, i) => firstTries[i] is null).ToList();
        var refused = burst.Where((_, i) => firstTries[i] is not null).ToList();
        Assert.Single(admitted);
        Assert.Equal(3, refused.Count);
        Assert.All(firstTries.OfType<Refusal>(), r =>
        {
            AssertRefused(r);
            Assert.Equal(TimeSpan.FromSeconds(5), r.RetryAfter);
        });
        await AssertWebSocketWithoutNegotiateRefusedAsync(server);
        // Full, yet the long polls of the open connections are served: they carry ?id=.
        await PublishAndWaitAsync(authorHttp, "while full", [.. open, .. admitted]);

        await DisposeAllAsync(open);
        foreach (var candidate in refused)
        {
            // A slot frees once the server has seen a connection close; a client refused before then tries again later.
            await Eventually.SucceedsAsync(async () =>
            {
                time.Advance(TimeSpan.FromSeconds(5));
                Assert.Null(await candidate.TryStartAsync());
            });
        }

        await PublishAndWaitAsync(authorHttp, "after the others left", [.. admitted, .. refused]);
        Assert.Equal(4, server.Services.GetRequiredService<ServerStats>().Connections);
        await DisposeAllAsync(burst);
    }

    [Theory]
    [InlineData("Feed:Limits:MaxConnections", "-1")]
    [InlineData("Feed:Limits:ConnectsPerSecond", "-5")]
    public async Task A_bad_limit_stops_startup_naming_the_key(string key, string value)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains($"{key} must be between 0 and", e.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(Refusal refusal)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.Status);
        Assert.True(refusal.RetryAfter >= Second, $"Retry-After {refusal.RetryAfter}");
        // At once: a refusal never waits for room (the fake clock stands still meanwhile).
        Assert.True(refusal.Took < TimeSpan.FromSeconds(10), $"the refusal took {refusal.Took}");
    }

    /// <summary>A client that skips negotiation asks for the upgrade straight away: it is answered 503 instead.</summary>
    private static async Task AssertWebSocketWithoutNegotiateRefusedAsync(FeedServer server)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {await server.TokenAsync(TestUsers.New("raw"))}");
        var url = new UriBuilder(FeedClient.HubUrlOf(server.BaseUrl)) { Scheme = "ws" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None).Limited());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, socket.HttpStatusCode);
        var retryAfter = socket.HttpResponseHeaders!.Single(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["5"], retryAfter.Value);
    }

    private static async Task PublishAndWaitAsync(HttpClient authorHttp, string text, IEnumerable<Candidate> receivers)
    {
        using var response = await authorHttp.PostAsJsonAsync("/api/posts", new { text });
        response.EnsureSuccessStatusCode();
        var post = await response.Content.ReadFromJsonAsync<FeedItem>();
        await Task.WhenAll(receivers.Select(c => c.Inbox.WaitForAsync(post!.Id)));
    }

    /// <summary>Users following the author, each with a hub connection built but not started.</summary>
    private static async Task<List<Candidate>> CandidatesAsync(FeedServer server, string author, int count,
        HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var candidates = new List<Candidate>();
        for (var i = 0; i < count; i++)
        {
            using var http = await server.HttpAsAsync(TestUsers.New("follower"));
            (await http.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
            candidates.Add(new Candidate(server.BaseUrl, http.DefaultRequestHeaders.Authorization!.Parameter!, transport));
        }
        return candidates;
    }

    private static async Task DisposeAllAsync(IEnumerable<Candidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            await candidate.DisposeAsync();
        }
    }

    private sealed record Refusal(HttpStatusCode Status, TimeSpan RetryAfter, TimeSpan Took);

    /// <summary>
    /// An official client that negotiates first, as browsers do. The client keeps only the status of
    /// a failed negotiate; the handler it is given (<c>HttpMessageHandlerFactory</c>) sees the Retry-After.
    /// </summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private HttpResponseMessage? _negotiated;

        public Candidate(Uri baseUrl, string token, HttpTransportType transport)
        {
            _connection = FeedClient.Build(baseUrl, () => Task.FromResult<string?>(token), configure: options =>
            {
                options.SkipNegotiation = false;
                options.Transports = transport;
                options.HttpMessageHandlerFactory = inner => new NegotiateRecorder(this) { InnerHandler = inner };
            });
            _connection.On<FeedItem[]>(FeedHubMethods.FeedUpdated, Inbox.Add);
        }

        public FeedInbox Inbox { get; } = new();

        /// <summary>Starts the connection: null once connected, else the refusal.</summary>
        public async Task<Refusal?> TryStartAsync()
        {
            _negotiated = null;
            var started = Stopwatch.StartNew();
            try
            {
                await _connection.StartAsync().Limited();
                // Calls are served once the hub's OnConnectedAsync is done: the user is in its groups by then.
                await _connection.InvokeAsync<FeedPage>(FeedHubMethods.GetFeed, new FeedQuery()).Limited();
                return null;
            }
            catch (HttpRequestException e) when (e.StatusCode is not null && _negotiated is { } response)
            {
                return new Refusal(response.StatusCode, response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, started.Elapsed);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private sealed class NegotiateRecorder(Candidate candidate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (request.RequestUri!.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal))
                {
                    candidate._negotiated = response;
                }
                return response;
            }
        }
    }
}
