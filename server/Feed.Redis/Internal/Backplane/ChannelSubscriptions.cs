using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// The backplane's subscriptions, each made once at start (its partitions and its own channels:
/// nothing is subscribed or dropped per connection, group or user). Each channel's messages are
/// handled one at a time, in the order Redis sent them (a message queue per channel); a handler
/// that throws is logged and the channel's next message is handled as usual (StackExchange.Redis
/// would go on too, but silently).
/// </summary>
internal sealed class ChannelSubscriptions(ISubscriber subscriber, ILogger logger)
{
    public async Task AddAsync(RedisChannel channel, Action<RedisChannel, ReadOnlyMemory<byte>> handler) =>
        (await SubscribeAsync(channel)).OnMessage(m =>
        {
            try
            {
                handler(m.Channel, (ReadOnlyMemory<byte>)m.Message);
            }
            catch (Exception e)
            {
                BackplaneLog.MessageHandlerFailed(logger, m.Channel.ToString(), e);
            }
        });

    /// <summary>The same with a handler that may wait: the channel's next message waits for it.</summary>
    public async Task AddAsync(RedisChannel channel, Func<RedisChannel, ReadOnlyMemory<byte>, Task> handler) =>
        (await SubscribeAsync(channel)).OnMessage(async m =>
        {
            try
            {
                await handler(m.Channel, (ReadOnlyMemory<byte>)m.Message);
            }
            catch (Exception e)
            {
                BackplaneLog.MessageHandlerFailed(logger, m.Channel.ToString(), e);
            }
        });

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
}
