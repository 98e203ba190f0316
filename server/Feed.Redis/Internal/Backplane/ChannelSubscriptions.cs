namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Reference-counted channel subscriptions: a group or user channel is subscribed when its
/// first local connection joins and unsubscribed when its last one leaves, so an instance only
/// receives what some local connection needs. One lock orders subscribe and unsubscribe of a
/// channel; joining a group that is already subscribed is a counter increment.
/// </summary>
internal sealed class ChannelSubscriptions(RedisSubscriber subscriber)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, (int Count, RedisSubscription Subscription)> _channels = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_channels) { return _channels.Count; } }
    }

    public async Task AddAsync(string channel, Action<RedisChannelMessage> handler)
    {
        await _lock.WaitAsync();
        try
        {
            if (_channels.TryGetValue(channel, out var entry))
            {
                Set(channel, (entry.Count + 1, entry.Subscription));
                return;
            }
            // Returns at once while Redis is down: the subscription is made on reconnect.
            var subscription = await subscriber.SubscribeAsync(channel, handler);
            Set(channel, (1, subscription));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task RemoveAsync(string channel)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_channels.TryGetValue(channel, out var entry))
            {
                return;
            }
            if (entry.Count > 1)
            {
                Set(channel, (entry.Count - 1, entry.Subscription));
                return;
            }
            lock (_channels)
            {
                _channels.Remove(channel);
            }
            await entry.Subscription.DisposeAsync();
        }
        finally
        {
            _lock.Release();
        }
    }

    private void Set(string channel, (int, RedisSubscription) entry)
    {
        lock (_channels)
        {
            _channels[channel] = entry;
        }
    }
}
