using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Reference-counted channel subscriptions (the backplane's are fixed at start: partitions and its
/// own channels; the count lets two users share one). One lock orders subscribe and unsubscribe
/// of a channel; adding one already subscribed is a counter increment. Each channel's
/// messages are handled one at a time, in the order Redis sent them (a message queue per channel);
/// a handler that throws is logged and the channel's next message is handled as usual
/// (StackExchange.Redis would go on too, but silently).
/// </summary>
internal sealed class ChannelSubscriptions(ISubscriber subscriber, ILogger logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<RedisChannel, (int Count, ChannelMessageQueue Queue)> _channels = [];

    public int Count
    {
        get { lock (_channels) { return _channels.Count; } }
    }

    public Task AddAsync(RedisChannel channel, Action<RedisChannel, ReadOnlyMemory<byte>> handler) =>
        AddAsync(channel, queue => queue.OnMessage(m =>
        {
            try
            {
                handler(m.Channel, (ReadOnlyMemory<byte>)m.Message);
            }
            catch (Exception e)
            {
                BackplaneLog.MessageHandlerFailed(logger, m.Channel.ToString(), e);
            }
        }));

    /// <summary>The same with a handler that may wait: the channel's next message waits for it.</summary>
    public Task AddAsync(RedisChannel channel, Func<RedisChannel, ReadOnlyMemory<byte>, Task> handler) =>
        AddAsync(channel, queue => queue.OnMessage(async m =>
        {
            try
            {
                await handler(m.Channel, (ReadOnlyMemory<byte>)m.Message);
            }
            catch (Exception e)
            {
                BackplaneLog.MessageHandlerFailed(logger, m.Channel.ToString(), e);
            }
        }));

    private async Task AddAsync(RedisChannel channel, Action<ChannelMessageQueue> handle)
    {
        await _lock.WaitAsync();
        try
        {
            if (_channels.TryGetValue(channel, out var entry))
            {
                Set(channel, (entry.Count + 1, entry.Queue));
                return;
            }
            var queue = await SubscribeAsync(channel);
            handle(queue);
            Set(channel, (1, queue));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task RemoveAsync(RedisChannel channel)
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
                Set(channel, (entry.Count - 1, entry.Queue));
                return;
            }
            lock (_channels)
            {
                _channels.Remove(channel);
            }
            try
            {
                await entry.Queue.UnsubscribeAsync();
            }
            catch (Exception e) when (RedisErrors.IsUnavailable(e))
            {
                // Down: the reconnect makes only the subscriptions still registered, and this one is not.
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync(RedisChannel channel)
    {
        try
        {
            return await subscriber.SubscribeAsync(channel);
        }
        catch (Exception e) when (RedisErrors.IsUnavailable(e))
        {
            // Down: StackExchange.Redis keeps the subscription registered and makes it on
            // reconnect, but the queue it made is out of reach. Replace it with one we hold; no
            // message is missed that Redis would have sent (it cannot send while down).
            await subscriber.UnsubscribeAsync(channel, null, CommandFlags.FireAndForget);
            return await subscriber.SubscribeAsync(channel, CommandFlags.FireAndForget);
        }
    }

    private void Set(RedisChannel channel, (int, ChannelMessageQueue) entry)
    {
        lock (_channels)
        {
            _channels[channel] = entry;
        }
    }
}
