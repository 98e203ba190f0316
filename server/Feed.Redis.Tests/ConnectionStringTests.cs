using StackExchange.Redis;

namespace Feed.Redis.Tests;

/// <summary>The connection strings the README promises, and the settings Feed adds to every one.</summary>
public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData("redis:6379,password=secret", 1, false, null)]
    [InlineData("redis.example.com:6380,ssl=true,password=secret", 1, true, null)]
    [InlineData("sentinel1:26379,sentinel2:26379,serviceName=mymaster,password=secret", 2, false, "mymaster")]
    [InlineData("10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379,password=secret", 3, false, null)]
    public void Readme_connection_strings_parse_with_feeds_settings(string connectionString, int endPoints, bool ssl, string? serviceName)
    {
        var options = FeedRedisConnection.Options(connectionString);

        Assert.Equal(endPoints, options.EndPoints.Count);
        Assert.Equal(ssl, options.Ssl);
        Assert.Equal(serviceName, options.ServiceName);
        Assert.Equal("secret", options.Password);
        Assert.False(options.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.IsType<LinearRetry>(options.ReconnectRetryPolicy);
        Assert.Equal(2, options.KeepAlive);
    }

    [Fact]
    public void A_keep_alive_in_the_string_is_kept()
    {
        Assert.Equal(7, FeedRedisConnection.Options("redis:6379,keepAlive=7").KeepAlive);
    }

    [Theory]
    [InlineData("redis:6379,noSuchKey=1", "noSuchKey")]
    [InlineData("redis:6379,connectTimeout=soon", "connectTimeout")]
    public void A_bad_string_fails_naming_the_key(string connectionString, string key)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => FeedRedisConnection.Options(connectionString));
        Assert.Contains(key, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
