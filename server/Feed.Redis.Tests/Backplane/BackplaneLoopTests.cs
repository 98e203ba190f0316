using System.Text;
using System.Threading.Channels;
using Feed.Redis.Internal.Backplane;
using StackExchange.Redis;

namespace Feed.Redis.Tests.Backplane;

/// <summary>
/// The backplane's background loops meet something unexpected, log it and go on: the group-command
/// loop (Redis refusing an ack after an ACL change) and a channel's message handler.
/// </summary>
public sealed class BackplaneLoopTests
{
    [Fact]
    public async Task The_group_command_loop_logs_a_refused_ack_and_goes_on_applying_and_acking()
    {
        await using var redis = await RedisServer.StartAsync(aclUsers: [("a", "a-secret"), ("b", "b-secret")]);
        await using var servers = await Instances.StartAsync(redis, 0);
        servers.Servers.Add(await servers.StartOneAsync(redis, connectionString: $"{redis.EndPoint},user=a,password=a-secret"));
        servers.Servers.Add(await servers.StartOneAsync(redis, connectionString: $"{redis.EndPoint},user=b,password=b-secret"));
        var bob = await servers.ConnectAsync(1, "bob");
        await servers[0].AddUserToGroupAsync("bob", "before").Limited();

        // b may still use every channel it is subscribed to (StackExchange.Redis's own included), but
        // no longer publish to a's ack channel.
        var root = servers.Prefix + typeof(TestHub).FullName + ":";
        await AclAsync(redis, "SETUSER", "b", "resetchannels", $"&{root}all", $"&{root}partition:*",
            $"&{root}internal:groups", $"&{root}internal:ack:{servers[1].ServerName}", "&__Booksleeve_MasterChanged");
        var refused = servers[0].AddUserToGroupAsync("bob", "refused");
        await Eventually.HoldsAsync(() => Assert.Contains(servers.Log.Lines, l => l.Contains(" 108 ", StringComparison.Ordinal) && l.Contains("NOPERM", StringComparison.Ordinal)));
        await AclAsync(redis, "SETUSER", "b", "allchannels");

        // The loop is still there: b applies and acks the next command.
        await servers[0].AddUserToGroupAsync("bob", "after").Limited();
        await servers[0].SendGroupAsync("after", "Say", ["after"]);
        await bob.WaitForAsync("after");
        await Assert.ThrowsAsync<TimeoutException>(() => refused.Limited());
    }

    [Fact]
    public async Task A_message_handler_that_throws_is_logged_and_the_next_message_is_handled()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var multiplexer = await FeedRedisConnection.ConnectAsync(redis.ConnectionString);
        var log = new ListLogger();
        var subscriptions = new ChannelSubscriptions(multiplexer.GetSubscriber(), log);
        var channel = RedisChannel.Sharded(TestKeys.Unique());
        var handled = Channel.CreateUnbounded<string>();
        await subscriptions.AddAsync(channel, (_, payload) =>
        {
            var text = Encoding.UTF8.GetString(payload.Span);
            if (text == "bad")
            {
                throw new InvalidOperationException("the handler broke");
            }
            handled.Writer.TryWrite(text);
        });

        await multiplexer.GetSubscriber().PublishAsync(channel, "bad");
        await multiplexer.GetSubscriber().PublishAsync(channel, "good");

        Assert.Equal("good", await handled.Reader.ReadAsync().AsTask().Limited());
        Assert.Contains(log.Lines, l => l.Contains(" 109 ", StringComparison.Ordinal) && l.Contains("the handler broke", StringComparison.Ordinal));
    }

    private static async Task AclAsync(RedisServer redis, params object[] arguments)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        await admin.GetServer(redis.EndPoint).ExecuteAsync("ACL", arguments);
    }
}
