using System.Net.Http.Json;

namespace Feed.LoadTest.Run;

/// <summary>The server's figures from <c>GET /api/admin/stats</c> (a subset of its fields).</summary>
internal sealed record ServerStats(
    long Connections, long PostsPublished, long WorkingSetBytes, long ManagedHeapBytes, double CpuSeconds, long JitCompiledMethods);

/// <summary>
/// Reads <c>/api/admin/stats</c> from every instance, with the admin key when given; <c>gc</c>
/// forces a full collection first so memory deltas mean something. Null when an instance has
/// stats disabled (404), refuses the key (403), collected less than 10 s ago (429) or fails.
/// </summary>
internal sealed class ServerStatsProbe(IReadOnlyDictionary<Uri, HttpClient> clients, string? adminKey, RunCounters counters)
{
    public async Task<ServerStats?> ReadAllAsync(bool gc, CancellationToken cancellationToken)
    {
        ServerStats total = new(0, 0, 0, 0, 0, 0);
        foreach (var client in clients.Values)
        {
            var stats = await ReadAsync(client, gc, cancellationToken).ConfigureAwait(false);
            if (stats is null)
            {
                return null;
            }
            total = new ServerStats(total.Connections + stats.Connections, total.PostsPublished + stats.PostsPublished,
                total.WorkingSetBytes + stats.WorkingSetBytes, total.ManagedHeapBytes + stats.ManagedHeapBytes,
                total.CpuSeconds + stats.CpuSeconds, total.JitCompiledMethods + stats.JitCompiledMethods);
        }
        return total;
    }

    /// <summary>
    /// Waits until the servers' CPU has gone quiet (under a tenth of a core over a quarter second,
    /// at most <paramref name="limit"/>): a connection's handshake completes before the server's
    /// OnConnectedAsync work (e.g. joining a group per followee) is done, so memory read right after
    /// the last connect would miss it. Returns how long it waited.
    /// </summary>
    public Task<TimeSpan> WaitUntilQuietAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        // Quiet: under a tenth of a core used over the interval.
        return WaitUntilAsync(interval, limit, (last, now) => now.CpuSeconds - last.CpuSeconds < 0.1 * interval.TotalSeconds, cancellationToken);
    }

    /// <summary>
    /// Waits until the servers' tiered JIT has gone quiet: fewer than 5 methods compiled in the last
    /// second (these reads tier up a few of their own), at most <paramref name="limit"/>. Hot code
    /// is recompiled optimized (twice with dynamic PGO) in the background a while after it first
    /// runs; measured over 10,000 connections that took seconds of a core, and a burst measured
    /// while it went on measured the JIT. Returns how long it waited.
    /// </summary>
    public Task<TimeSpan> WaitUntilJitQuietAsync(TimeSpan limit, CancellationToken cancellationToken) =>
        WaitUntilAsync(TimeSpan.FromSeconds(1), limit, (last, now) => now.JitCompiledMethods - last.JitCompiledMethods < 5, cancellationToken);

    /// <summary>Reads every <paramref name="interval"/> until two reads in a row are <paramref name="settled"/>, a read fails, or <paramref name="limit"/> passes.</summary>
    private async Task<TimeSpan> WaitUntilAsync(TimeSpan interval, TimeSpan limit, Func<ServerStats, ServerStats, bool> settled,
        CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var last = await ReadAllAsync(gc: false, cancellationToken).ConfigureAwait(false);
        while (last is not null && started.Elapsed < limit)
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            var now = await ReadAllAsync(gc: false, cancellationToken).ConfigureAwait(false);
            if (now is null || settled(last, now))
            {
                break;
            }
            last = now;
        }
        return started.Elapsed;
    }

    private async Task<ServerStats?> ReadAsync(HttpClient client, bool gc, CancellationToken cancellationToken)
    {
        try
        {
            using var request = Request(gc);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                counters.Errors.Add("server stats: HTTP " + (int)response.StatusCode,
                    "GET /api/admin/stats failed; enable it with Feed:Admin:Stats=true (on by default in Development), with --admin-key outside Development");
                return null;
            }
            return await response.Content.ReadFromJsonAsync<ServerStats>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            counters.Errors.Add("server stats", e);
            return null;
        }
    }

    private HttpRequestMessage Request(bool gc)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, gc ? "/api/admin/stats?gc=true" : "/api/admin/stats");
        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }
        return request;
    }
}
