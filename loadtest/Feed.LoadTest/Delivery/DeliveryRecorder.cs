using System.Diagnostics;
using Feed.Core;
using Feed.LoadTest.Metrics;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// What the connections share: the latency histogram, one full frame's size (measured on a
/// publisher's own post), and the clock. Each follower keeps its own counts
/// (<see cref="FollowerInbox"/>), so the hot path writes one shared thing: a histogram bucket.
/// </summary>
internal sealed class DeliveryRecorder(IHubProtocol protocol)
{
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private int _measuredFrame;

    public MicrosecondHistogram LatencyMicroseconds { get; } = new();

    /// <summary>Bytes of one <c>FeedUpdated</c> message with one item, as this protocol frames it.</summary>
    public int BytesPerFeedUpdated { get; private set; }

    public void Record(long sentAt, long receivedAt) =>
        LatencyMicroseconds.Record((long)((receivedAt - sentAt) * MicrosecondsPerTick));

    /// <summary>Measures one frame, once per run (allocates, so only the first time).</summary>
    public void MeasureFrameOnce(FeedItem[] items)
    {
        if (items.Length == 1 && Interlocked.Exchange(ref _measuredFrame, 1) == 0)
        {
            BytesPerFeedUpdated = protocol.GetMessageBytes(new InvocationMessage(FeedHubMethods.FeedUpdated, [items])).Length;
        }
    }
}
