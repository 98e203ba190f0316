using System.Collections.Concurrent;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>
/// A client's feed as a real client keeps it: live pushes, plus a gap-fill with
/// <c>GetFeed({after})</c> whenever the server says <c>Resync()</c> (or after a reconnect). The
/// gap-fill starts at the last point the feed was known complete (the previous sync), not at the
/// newest item seen live: live items after an outage began may be newer than ones it missed.
/// </summary>
public sealed class ScaleOutFeedReader
{
    private readonly ConcurrentDictionary<string, FeedItem> _feed = new();
    private readonly ConcurrentDictionary<string, int> _livePushes = new();
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private readonly ConcurrentQueue<string> _gapFillErrors = new();
    private string _syncedCursor;
    private int _resyncs;

    public ScaleOutFeedReader(FeedConnection connection, string syncedCursor)
    {
        Connection = connection;
        _syncedCursor = syncedCursor;
        Attach(connection);
    }

    public FeedConnection Connection { get; private set; }

    /// <summary>Continues on a new connection (after the old one's instance died) and gap-fills.</summary>
    public async Task ReconnectedAsync(FeedConnection connection)
    {
        Connection = connection;
        Attach(connection);
        await GapFillAsync();
    }

    private void Attach(FeedConnection connection)
    {
        connection.Client.OnFeedUpdated(items =>
        {
            foreach (var item in items)
            {
                _livePushes.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
                _feed.TryAdd(item.Id, item);
            }
        });
        // Not awaited in the handler: the gap-fill's calls need the connection's receive loop free.
        connection.Client.OnResync(() => _ = ResyncAsync());
    }

    private async Task ResyncAsync()
    {
        Interlocked.Increment(ref _resyncs);
        try
        {
            await GapFillAsync();
        }
        catch (Exception e)
        {
            _gapFillErrors.Enqueue(e.Message);
        }
    }

    /// <summary>What a failing test needs to say why posts are missing: the Resyncs heard and the gap-fills that failed.</summary>
    public string Diagnosis => $"{Volatile.Read(ref _resyncs)} Resync received, gap-fill errors: [{string.Join("; ", _gapFillErrors)}]";

    public IReadOnlyCollection<string> Ids => [.. _feed.Keys];

    /// <summary>Posts pushed live more than once (must stay empty).</summary>
    public IReadOnlyList<string> DuplicatedPushes => [.. _livePushes.Where(p => p.Value > 1).Select(p => p.Key)];

    public int LiveCount => _livePushes.Count;

    /// <summary>Whether the post was pushed live (not only found by a gap-fill).</summary>
    public bool ReceivedLive(string id) => _livePushes.ContainsKey(id);

    /// <summary>Items that came only through a gap-fill: missed live, recovered.</summary>
    public int Recovered => _feed.Keys.Count(id => !_livePushes.ContainsKey(id));

    public async Task GapFillAsync()
    {
        await _syncing.WaitAsync();
        try
        {
            string? after = _syncedCursor;
            string newest = _syncedCursor;
            while (after is not null)
            {
                var page = await Connection.Client.GetFeedAsync(new FeedQuery(After: after, Limit: 100));
                foreach (var item in page.Items)
                {
                    _feed.TryAdd(item.Id, item);
                }
                if (page.Items.Count > 0)
                {
                    newest = page.Items[0].Cursor;
                }
                after = page.Next;
            }
            _syncedCursor = newest;
        }
        finally
        {
            _syncing.Release();
        }
    }
}
