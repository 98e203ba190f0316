using System.Diagnostics;
using Feed.LoadTest.Clients;
using Feed.LoadTest.Delivery;

namespace Feed.LoadTest.Run;

/// <summary>
/// Opens connections at a steady rate (connection i starts at i / ramp seconds, never more than
/// MaxPendingConnects in flight), timing each connect, and watches each one for an unplanned close.
/// Connections are opened by the <c>--client</c> chosen.
/// </summary>
internal sealed class ConnectionRamp(double ramp, int maxPending, ILoadTestClient client, RunCounters counters)
{
    public async Task OpenAsync(IReadOnlyList<FollowerConnection> followers, CancellationToken cancellationToken)
    {
        using var pending = new SemaphoreSlim(maxPending);
        var connects = new List<Task>(followers.Count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < followers.Count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / ramp) - Stopwatch.GetElapsedTime(start);
            if (wait >= TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            connects.Add(ConnectAsync(followers[i], pending, cancellationToken));
        }
        await Task.WhenAll(connects).ConfigureAwait(false);
    }

    /// <summary>Connects one user (used for publishers too); null (error counted) on failure.</summary>
    public async Task<ILoadTestConnection?> ConnectAsync<TItem>(Uri url, string? token, Action<TItem[]> onFeedUpdated, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref counters.ConnectsAttempted);
        if (token is null)
        {
            Interlocked.Increment(ref counters.ConnectsFailed); // the token request failed (counted there)
            return null;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var connection = await client.ConnectAsync(url, token, onFeedUpdated, cancellationToken).ConfigureAwait(false);
            counters.ConnectMicroseconds.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            Interlocked.Increment(ref counters.ConnectsSucceeded);
            _ = WatchAsync(connection);
            return connection;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref counters.ConnectsFailed);
            counters.Errors.Add("connect", e);
            return null;
        }
    }

    private async Task ConnectAsync(FollowerConnection follower, SemaphoreSlim pending, CancellationToken cancellationToken)
    {
        try
        {
            follower.Client = await ConnectAsync<StampedItem>(follower.Url, follower.Token, follower.Inbox.OnFeedUpdated, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            pending.Release();
        }
    }

    private async Task WatchAsync(ILoadTestConnection connection)
    {
        var reason = await connection.Completion.ConfigureAwait(false);
        if (!counters.Stopping)
        {
            Interlocked.Increment(ref counters.ConnectionsLost);
            if (reason is null)
            {
                counters.Errors.Add("connection closed by server", "the server closed the connection without an error");
            }
            else
            {
                counters.Errors.Add("connection lost", reason);
            }
        }
    }
}
