using Feed.Testing;

namespace Feed.Redis.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private const string Password = "s3cret-pass";
    private RedisServer? _server;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await RedisServer.StartAsync(Password, [("alice", "wonder-land")]);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task Without_a_password_connecting_fails_with_the_servers_reason()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync(Server.EndPoint));

        Assert.Contains("NOAUTH", error.Message);
        Assert.Contains(Server.EndPoint, error.Message);
    }

    [Fact]
    public async Task A_wrong_password_fails_and_never_reaches_the_log()
    {
        var logger = new ListLogger();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync($"{Server.EndPoint},password=not-the-one", logger));

        Assert.Contains("WRONGPASS", error.Message);
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(logger.Lines, line => line.Contains("not-the-one"));
    }

    [Fact]
    public async Task The_password_is_accepted()
    {
        var logger = new ListLogger();
        await using var redis = await RedisConnection.ConnectAsync(Server.ConnectionString, logger);

        Assert.Equal("default", (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
        Assert.True(redis.IsConnected);
        Assert.DoesNotContain(logger.Lines, line => line.Contains(Password));
    }

    [Fact]
    public async Task An_acl_user_authenticates_with_user_and_password()
    {
        await using var redis = await RedisConnection.ConnectAsync($"{Server.EndPoint},user=alice,password=wonder-land");
        var channel = TestKeys.Unique();
        var inbox = new Inbox();

        await redis.Subscriber.SubscribeAsync(channel, inbox.Handler);
        await redis.PublishAsync(channel, "as alice"u8.ToArray());

        Assert.Equal("alice", (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
        Assert.Equal(channel, (await inbox.NextAsync()).Channel);
    }

    [Fact]
    public async Task An_acl_user_with_the_wrong_password_is_refused()
    {
        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync($"{Server.EndPoint},user=alice,password={Password}"));

        Assert.Contains("WRONGPASS", error.Message);
    }
}
