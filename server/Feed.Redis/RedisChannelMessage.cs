namespace Feed.Redis;

/// <summary>
/// A message received on a subscribed channel. <see cref="Payload"/> is the message's own
/// copy of the bytes: a handler may keep it after returning.
/// </summary>
public readonly struct RedisChannelMessage
{
    public RedisChannelMessage(string channel, string? pattern, ReadOnlyMemory<byte> payload)
    {
        Channel = channel;
        Pattern = pattern;
        Payload = payload;
    }

    /// <summary>The channel it was published to, without the channel prefix.</summary>
    public string Channel { get; }

    /// <summary>The pattern that matched, for pattern subscriptions; otherwise null.</summary>
    public string? Pattern { get; }

    public ReadOnlyMemory<byte> Payload { get; }
}
