using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal;

/// <summary>
/// The channels and patterns this client wants, by their wire name, and delivery of incoming
/// <c>message</c> / <c>pmessage</c> push frames to their handlers. Handlers run on the
/// subscriber's read loop, in order per connection; they should hand work off quickly.
/// </summary>
internal sealed class SubscriptionRegistry
{
    private readonly ConcurrentDictionary<byte[], SubscriptionEntry> _channels = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<byte[], SubscriptionEntry> _patterns = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<byte[], SubscriptionEntry>.AlternateLookup<ReadOnlySpan<byte>> _channelsBySpan;
    private readonly ConcurrentDictionary<byte[], SubscriptionEntry>.AlternateLookup<ReadOnlySpan<byte>> _patternsBySpan;
    private readonly byte[] _prefix;
    private readonly ILogger _logger;

    public SubscriptionRegistry(string? channelPrefix, ILogger logger)
    {
        _prefix = Encoding.UTF8.GetBytes(channelPrefix ?? "");
        _logger = logger;
        _channelsBySpan = _channels.GetAlternateLookup<ReadOnlySpan<byte>>();
        _patternsBySpan = _patterns.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public IEnumerable<SubscriptionEntry> All => _channels.Values.Concat(_patterns.Values);

    public int Count => _channels.Count + _patterns.Count;

    public byte[] ToWireName(string name)
    {
        var wire = new byte[_prefix.Length + Encoding.UTF8.GetByteCount(name)];
        _prefix.CopyTo(wire, 0);
        Encoding.UTF8.GetBytes(name, wire.AsSpan(_prefix.Length));
        return wire;
    }

    public bool TryGet(byte[] wireName, bool isPattern, out SubscriptionEntry entry) =>
        Map(isPattern).TryGetValue(wireName, out entry!);

    public void Add(SubscriptionEntry entry) => Map(entry.IsPattern)[entry.WireName] = entry;

    public void Remove(SubscriptionEntry entry) => Map(entry.IsPattern).TryRemove(entry.WireName, out _);

    /// <summary>Delivers a pub/sub message frame; false for anything else (a reply).</summary>
    public bool TryDeliver(RedisValue frame)
    {
        if (frame.Kind != RedisValueKind.Array)
        {
            return false;
        }
        var items = frame.Items;
        if (items.Count == 3 && items[0].Bytes.Span.SequenceEqual("message"u8))
        {
            if (_channelsBySpan.TryGetValue(items[1].Bytes.Span, out var entry))
            {
                Deliver(entry, new RedisChannelMessage(entry.Name, null, items[2].Bytes));
            }
            return true;
        }
        if (items.Count == 4 && items[0].Bytes.Span.SequenceEqual("pmessage"u8))
        {
            if (_patternsBySpan.TryGetValue(items[1].Bytes.Span, out var entry))
            {
                Deliver(entry, new RedisChannelMessage(WithoutPrefix(items[2].Bytes.Span), entry.Name, items[3].Bytes));
            }
            return true;
        }
        return false;
    }

    private void Deliver(SubscriptionEntry entry, RedisChannelMessage message)
    {
        foreach (var subscription in entry.Subscriptions)
        {
            try
            {
                subscription.Handler(message);
            }
            catch (Exception ex)
            {
                // One failing handler must not starve the others nor kill the read loop.
                RedisLog.HandlerFailed(_logger, message.Channel, ex);
            }
        }
    }

    private string WithoutPrefix(ReadOnlySpan<byte> channel) =>
        Encoding.UTF8.GetString(channel.StartsWith(_prefix) ? channel[_prefix.Length..] : channel);

    private ConcurrentDictionary<byte[], SubscriptionEntry> Map(bool isPattern) => isPattern ? _patterns : _channels;
}
