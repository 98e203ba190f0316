using System.Text;
using System.Threading.Channels;

namespace Feed.Redis.Tests;

public sealed class PubSubTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_published_message_reaches_the_subscriber()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var inbox = new Inbox();

        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);
        var receivers = await redis.PublishAsync(channel, "hello"u8.ToArray());

        var message = await inbox.NextAsync();
        Assert.Equal(1, receivers);
        Assert.Equal(channel, message.Channel);
        Assert.Null(message.Pattern);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task Payloads_arrive_byte_for_byte()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var inbox = new Inbox();
        var allBytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n*1\r\n$-1\r\n"u8.ToArray()).ToArray();
        var large = new byte[1024 * 1024 + 7];
        new Random(42).NextBytes(large);

        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);
        await redis.PublishAsync(channel, allBytes);
        await redis.PublishAsync(channel, large);
        await redis.PublishAsync(channel, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(allBytes, (await inbox.NextAsync()).Payload.ToArray());
        Assert.Equal(large, (await inbox.NextAsync()).Payload.ToArray());
        Assert.Equal(0, (await inbox.NextAsync()).Payload.Length);
    }

    [Fact]
    public async Task Messages_arrive_in_publish_order()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var inbox = new Inbox();
        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);

        for (var i = 0; i < 1000; i++)
        {
            await redis.PublishAsync(channel, Encoding.UTF8.GetBytes(i.ToString()));
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(i.ToString(), Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
        }
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        await using var redis = await Connect();
        var gone = TestKeys.Unique();
        var kept = TestKeys.Unique();
        var goneInbox = new Inbox();
        var keptInbox = new Inbox();
        await redis.Subscriber.SubscribeAsync(gone, goneInbox.Handler);
        await redis.Subscriber.SubscribeAsync(kept, keptInbox.Handler);

        await redis.Subscriber.UnsubscribeAsync(gone);
        var receiversOfGone = await redis.PublishAsync(gone, "late"u8.ToArray());
        await redis.PublishAsync(kept, "barrier"u8.ToArray());

        // Messages on one connection arrive in order: once the barrier is in, "late" would have been too.
        await keptInbox.NextAsync();
        Assert.Equal(0, receiversOfGone);
        Assert.Equal(0, goneInbox.Count);
    }

    [Fact]
    public async Task Each_handler_is_removed_on_its_own_and_the_last_one_unsubscribes()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var first = new Inbox();
        var second = new Inbox();
        var subscription1 = await redis.Subscriber.SubscribeAsync(channel, first.Handler);
        var subscription2 = await redis.Subscriber.SubscribeAsync(channel, second.Handler);

        await redis.PublishAsync(channel, "both"u8.ToArray());
        await first.NextAsync();
        await second.NextAsync();
        await subscription1.DisposeAsync();
        var receiversAfterOne = await redis.PublishAsync(channel, "second only"u8.ToArray());
        var secondOnly = await second.NextAsync();
        await subscription2.DisposeAsync();
        var receiversAfterBoth = await redis.PublishAsync(channel, "nobody"u8.ToArray());

        Assert.Equal(1, receiversAfterOne);
        Assert.Equal("second only", Encoding.UTF8.GetString(secondOnly.Payload.Span));
        Assert.Equal(1, first.Count);
        Assert.Equal(0, receiversAfterBoth);
    }

    [Fact]
    public async Task Pattern_subscriptions_report_the_channel_and_the_pattern()
    {
        await using var redis = await Connect();
        var prefix = TestKeys.Unique();
        var inbox = new Inbox();

        await redis.Subscriber.PatternSubscribeAsync(prefix + ".*", inbox.Handler);
        await redis.PublishAsync(prefix + ".sport", "goal"u8.ToArray());
        await redis.PublishAsync(prefix + "-other", "no"u8.ToArray());
        await redis.PublishAsync(prefix + ".news", "after"u8.ToArray());

        var first = await inbox.NextAsync();
        var second = await inbox.NextAsync();
        Assert.Equal((prefix + ".sport", prefix + ".*", "goal"), (first.Channel, first.Pattern, Encoding.UTF8.GetString(first.Payload.Span)));
        Assert.Equal(prefix + ".news", second.Channel);
        await redis.Subscriber.PatternUnsubscribeAsync(prefix + ".*");
        Assert.Equal(0, await redis.PublishAsync(prefix + ".sport", "gone"u8.ToArray()));
    }

    [Fact]
    public async Task The_channel_prefix_is_added_on_the_wire_and_hidden_from_handlers()
    {
        var app = TestKeys.Unique() + ":";
        await using var prefixed = await Connect($",channelPrefix={app}");
        await using var plain = await Connect();
        var inbox = new Inbox();

        await prefixed.Subscriber.SubscribeAsync("events", inbox.Handler);
        var plainReceivers = await plain.PublishAsync("events", "not for us"u8.ToArray());
        await plain.PublishAsync(app + "events", "raw"u8.ToArray());
        await prefixed.PublishAsync("events", "prefixed"u8.ToArray());

        Assert.Equal(0, plainReceivers);
        Assert.Equal("events", (await inbox.NextAsync()).Channel);
        Assert.Equal("prefixed", Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_delivery()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var inbox = new Inbox();
        await redis.Subscriber.SubscribeAsync(channel, _ => throw new InvalidOperationException("handler bug"));
        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);

        await redis.PublishAsync(channel, "1"u8.ToArray());
        await redis.PublishAsync(channel, "2"u8.ToArray());

        Assert.Equal("1", Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
        Assert.Equal("2", Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
    }

    [Fact]
    public async Task Commands_still_work_on_a_subscribed_client()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        await redis.Subscriber.SubscribeAsync(channel, _ => { });

        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
        Assert.True(redis.Subscriber.IsConnected);
    }

    [Fact]
    public async Task Concurrent_subscribes_and_disposes_leave_the_server_matching_the_handlers()
    {
        await using var redis = await Connect();
        var channel = TestKeys.Unique();
        var inbox = new Inbox();
        var kept = await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var churn = await redis.Subscriber.SubscribeAsync(channel, _ => { });
            await churn.DisposeAsync();
        })).Limited();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var other = await redis.Subscriber.SubscribeAsync($"{channel}:{i}", _ => { });
            await other.DisposeAsync();
        })).Limited();

        Assert.Equal(1, await redis.PublishAsync(channel, "still subscribed"u8.ToArray()));
        Assert.Equal("still subscribed", Encoding.UTF8.GetString((await inbox.NextAsync()).Payload.Span));
        await kept.DisposeAsync();
        Assert.Equal(0, await redis.PublishAsync(channel, "gone"u8.ToArray()));
        var numsub = await redis.ExecuteAsync("PUBSUB", "NUMSUB", channel, channel + ":0");
        Assert.Equal([0L, 0L], new[] { numsub.Items[1].AsInt64(), numsub.Items[3].AsInt64() });
    }

    private Task<RedisConnection> Connect(string extra = "") =>
        RedisConnection.ConnectAsync(fixture.Server.ConnectionString + extra);
}

/// <summary>Collects delivered messages for a test to await one by one.</summary>
internal sealed class Inbox
{
    private readonly Channel<RedisChannelMessage> _messages = Channel.CreateUnbounded<RedisChannelMessage>();
    private int _count;

    public Action<RedisChannelMessage> Handler => message =>
    {
        Interlocked.Increment(ref _count);
        _messages.Writer.TryWrite(message);
    };

    /// <summary>Messages received so far, read or not.</summary>
    public int Count => Volatile.Read(ref _count);

    public async Task<RedisChannelMessage> NextAsync() => await _messages.Reader.ReadAsync().AsTask().Limited();
}
