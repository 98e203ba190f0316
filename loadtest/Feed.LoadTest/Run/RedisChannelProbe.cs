using Feed.LoadTest.Report;
using StackExchange.Redis;

namespace Feed.LoadTest.Run;

/// <summary>
/// Counts the pub/sub channels the server holds in its Redis (<c>--redis</c>): <c>PUBSUB CHANNELS</c>
/// and <c>PUBSUB SHARDCHANNELS</c> on every master, summed (on a cluster each node answers for its
/// own subscribers). Null, with the error counted, when Redis cannot be asked.
/// </summary>
internal static class RedisChannelProbe
{
    public static async Task<RedisReport?> CountAsync(string endpoint, RunCounters counters)
    {
        try
        {
            var options = new ConfigurationOptions { EndPoints = { endpoint }, ConnectTimeout = 5000, AbortOnConnectFail = true };
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            long channels = 0, shardChannels = 0;
            foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                channels += await CountAsync(server, "CHANNELS").ConfigureAwait(false);
                shardChannels += await CountAsync(server, "SHARDCHANNELS").ConfigureAwait(false);
            }
            return new RedisReport(endpoint, channels, shardChannels);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            counters.Errors.Add("redis channels", e);
            return null;
        }
    }

    private static async Task<long> CountAsync(IServer server, string subcommand)
    {
        var result = await server.ExecuteAsync("PUBSUB", subcommand).ConfigureAwait(false);
        return result.Length;
    }
}
