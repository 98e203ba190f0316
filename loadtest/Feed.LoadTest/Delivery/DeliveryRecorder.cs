using System.Diagnostics;
using Feed.Core;
using Feed.LoadTest.Graph;
using Feed.LoadTest.Metrics;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// What the connections share: the latency histogram, one full frame's size (measured on a
/// publisher's own post), and the clock. Each follower keeps its own counts
/// (<see cref="FollowerInbox"/>), so the hot path writes one shared thing: a histogram bucket.
/// </summary>
internal sealed class DeliveryRecorder(IHubProtocol protocol, GraphWorkload? graph = null)
{
    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private int _measuredFrame;

    public MicrosecondHistogram LatencyMicroseconds { get; } = new();

    /// <summary>Bytes of one <c>FeedUpdated</c> message with one item, as this protocol frames it.</summary>
    public int BytesPerFeedUpdated { get; private set; }

    /// <summary>One delivery of post <paramref name="sequence"/>; a graph run also files it under its author's follower count.</summary>
    public void Record(int sequence, long sentAt, long receivedAt)
    {
        var microseconds = (long)((receivedAt - sentAt) * MicrosecondsPerTick);
        LatencyMicroseconds.Record(microseconds);
        graph?.Record(sequence, microseconds);
    }

    /// <summary>Measures one frame, once per run (allocates, so only the first time).</summary>
    public void MeasureFrameOnce(FeedItem[] items)
    {
        if (items.Length == 1 && Interlocked.Exchange(ref _measuredFrame, 1) == 0)
        {
            BytesPerFeedUpdated = protocol.GetMessageBytes(new InvocationMessage(FeedHubMethods.FeedUpdated, [items])).Length;
        }
    }
}
