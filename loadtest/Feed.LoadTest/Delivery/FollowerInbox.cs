using System.Diagnostics;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// One follower connection's deliveries: which posts arrived (missing and duplicates), when the
/// last one did, and anything that was not a load-test post or not one it should get
/// (<paramref name="expects"/>: null, every post). Written only by the connection's FeedUpdated
/// handler (one message at a time), read by the progress line.
/// </summary>
internal sealed class FollowerInbox(DeliveryRecorder recorder, Func<int, bool>? expects = null)
{
    private readonly ReceivedSet _received = new();
    private long _unique;
    private long _duplicates;
    private long _unexpected;
    private long _warmups;
    private long _lastReceivedAt;

    public long Unique => Volatile.Read(ref _unique);

    public long Duplicates => Volatile.Read(ref _duplicates);

    public long Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Warm-up posts received (not measured).</summary>
    public long Warmups => Volatile.Read(ref _warmups);

    /// <summary>Stopwatch timestamp of the last delivery; 0 before the first.</summary>
    public long LastReceivedAt => Volatile.Read(ref _lastReceivedAt);

    public void OnFeedUpdated(StampedItem[] items)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var item in items)
        {
            if (!PostStamp.TryParse(item.Text, out var sequence, out var sentAt))
            {
                if (PostStamp.IsWarmup(item.Text))
                {
                    Volatile.Write(ref _warmups, _warmups + 1);
                    continue;
                }
                Volatile.Write(ref _unexpected, _unexpected + 1);
                continue;
            }
            if (expects is not null && !expects(sequence))
            {
                Volatile.Write(ref _unexpected, _unexpected + 1);
                continue;
            }
            if (!_received.TryAdd(sequence))
            {
                Volatile.Write(ref _duplicates, _duplicates + 1);
                continue;
            }
            recorder.Record(sequence, sentAt, now);
            Volatile.Write(ref _unique, _unique + 1);
        }
        Volatile.Write(ref _lastReceivedAt, now);
    }
}
