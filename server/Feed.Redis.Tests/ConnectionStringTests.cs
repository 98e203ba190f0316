using System.Net;

namespace Feed.Redis.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void A_bare_host_gets_the_default_port_and_defaults()
    {
        var options = RedisConnectionOptions.Parse("localhost");

        Assert.Equal([new DnsEndPoint("localhost", 6379)], options.EndPoints);
        Assert.Null(options.Password);
        Assert.Null(options.User);
        Assert.Equal(0, options.DefaultDatabase);
        Assert.True(options.AbortOnConnectFail);
        Assert.False(options.Ssl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.SyncTimeout);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = RedisConnectionOptions.Parse(
            "127.0.0.1:6380,password=secret,user=alice,defaultDatabase=2,connectTimeout=1500,syncTimeout=250," +
            "keepAlive=7,abortConnect=false,ssl=false,name=feed-1,channelPrefix=feed:");

        Assert.Equal([new DnsEndPoint("127.0.0.1", 6380)], options.EndPoints);
        Assert.Equal("secret", options.Password);
        Assert.Equal("alice", options.User);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SyncTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), options.KeepAlive);
        Assert.False(options.AbortOnConnectFail);
        Assert.False(options.Ssl);
        Assert.Equal("feed-1", options.ClientName);
        Assert.Equal("feed:", options.ChannelPrefix);
    }

    [Theory]
    [InlineData("a:1, b:2", "a:1|b:2")]
    [InlineData("redis,redis-2:6380", "redis:6379|redis-2:6380")]
    [InlineData("[::1]:7000", "::1:7000")]
    [InlineData("[::1]", "::1:6379")]
    [InlineData(" host:1 ,", "host:1")]
    public void Endpoints_are_read_in_order(string connectionString, string expected)
    {
        var options = RedisConnectionOptions.Parse(connectionString);

        Assert.Equal(expected, string.Join("|", options.EndPoints.Select(e => $"{e.Host}:{e.Port}")));
    }

    [Fact]
    public void Keys_are_case_insensitive_and_values_may_hold_equals_signs()
    {
        var options = RedisConnectionOptions.Parse("ABORTCONNECT=False,host,Password=a=b");

        Assert.False(options.AbortOnConnectFail);
        Assert.Equal("a=b", options.Password);
    }

    [Fact]
    public void ToString_masks_the_password()
    {
        var text = RedisConnectionOptions.Parse("host:1,password=hunter2,user=alice").ToString();

        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("password=*****", text);
        Assert.StartsWith("host:1,user=alice", text);
    }

    [Theory]
    [InlineData("", "names no endpoint")]
    [InlineData("password=x", "names no endpoint")]
    [InlineData("host:0", "invalid port '0'")]
    [InlineData("host:abc", "invalid port 'abc'")]
    [InlineData("host:99999", "invalid port '99999'")]
    [InlineData("host:", "invalid port ''")]
    [InlineData(":6379", "has no valid host")]
    [InlineData("::1:6379", "[address]:port")]
    [InlineData("[::1", "is not [ipv6]")]
    [InlineData("host,bogus=1", "Unknown Redis connection string option 'bogus'")]
    [InlineData("host,defaultDatabase=-1", "'defaultDatabase' has invalid value '-1'")]
    [InlineData("host,connectTimeout=fast", "'connectTimeout' has invalid value 'fast'")]
    [InlineData("host,syncTimeout=0", "'syncTimeout' has invalid value '0'")]
    [InlineData("host,abortConnect=maybe", "'abortConnect' has invalid value 'maybe'")]
    [InlineData("host,ssl=yes", "'ssl' has invalid value 'yes'")]
    [InlineData("host,user=alice", "'user' needs 'password'")]
    [InlineData("host,name=has space", "'name' must be non-empty and hold no spaces")]
    public void Invalid_strings_are_rejected_naming_the_problem(string connectionString, string expectedMessage)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnectionOptions.Parse(connectionString));

        Assert.Contains(expectedMessage, error.Message);
    }

    [Fact]
    public void Options_built_in_code_are_validated_on_connect()
    {
        var options = new RedisConnectionOptions { SyncTimeout = TimeSpan.Zero };
        options.EndPoints.Add(new DnsEndPoint("127.0.0.1", 1));

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("'syncTimeout' must be positive", error.Message);
    }
}
