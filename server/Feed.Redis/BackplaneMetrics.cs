using System.Diagnostics.Metrics;

namespace Feed.Redis;

/// <summary>
/// Feed's backplane traffic on Feed's meter (<c>Feed</c>, scraped as
/// <c>feed_backplane_messages_total{direction="out"|"in"}</c>): invocations published to Redis
/// and invocations received from it. The tag has two values, never a channel or connection.
/// </summary>
public sealed class BackplaneMetrics
{
    private static readonly KeyValuePair<string, object?> Out = new("direction", "out");
    private static readonly KeyValuePair<string, object?> In = new("direction", "in");
    private readonly Counter<long> _messages;

    public BackplaneMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _messages = meters.Create("Feed").CreateCounter<long>("feed.backplane.messages", "{message}", "Backplane messages, by direction (in, out)");
    }

    /// <summary>Records 0 in both directions, so an exporter shows them before the first message.</summary>
    public void StartAtZero()
    {
        _messages.Add(0, Out);
        _messages.Add(0, In);
    }

    internal void Sent() => _messages.Add(1, Out);

    internal void Received() => _messages.Add(1, In);
}
