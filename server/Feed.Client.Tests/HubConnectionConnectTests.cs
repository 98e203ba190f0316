using System.Net;
using Feed.Client.Tests.TestServer;

namespace Feed.Client.Tests;

public sealed class HubConnectionConnectTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task Connecting_without_a_token_fails_with_401()
    {
        var error = await Assert.ThrowsAsync<HubConnectionException>(() =>
            HubConnection.ConnectAsync(server.TestHubUrl, new HubConnectionOptions(), TestTimeouts.Token()));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Connecting_with_a_wrong_token_fails_with_401_and_does_not_show_the_token()
    {
        var error = await Assert.ThrowsAsync<HubConnectionException>(() =>
            server.ConnectAsync(o => o.AccessToken = "wrong-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("wrong-secret", error.ToString());
    }

    [Fact]
    public async Task The_token_can_come_from_a_provider()
    {
        await using var connection = await server.ConnectAsync(o =>
        {
            o.AccessToken = null;
            o.AccessTokenProvider = _ => ValueTask.FromResult<string?>(TestServerFixture.Token);
        });

        Assert.Equal("ok", await connection.InvokeAsync<string>("Echo", ["ok"]).Within());
    }

    [Fact]
    public async Task An_unsupported_protocol_fails_the_handshake_with_the_servers_reason()
    {
        var error = await Assert.ThrowsAsync<HubConnectionException>(() =>
            server.ConnectAsync(o => o.Protocol = TestProtocols.Unknown));

        Assert.Contains("handshake", error.Message);
        Assert.Contains("'nope'", error.Message);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task A_server_that_never_answers_the_handshake_times_out()
    {
        var path = server.Raw.Register(RawScripts.DrainAsync);

        var error = await Assert.ThrowsAsync<HubConnectionException>(() =>
            HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
                server.Options(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300)), TestTimeouts.Token()));

        Assert.Contains("HandshakeTimeout", error.Message);
    }

    [Fact]
    public async Task Nothing_logged_contains_the_token()
    {
        var logger = new CapturingLogger();
        var secret = TestServerFixture.DevTokenPrefix + "secret-" + Guid.NewGuid();
        var connection = await server.ConnectAsync(o =>
        {
            o.AccessToken = secret;
            o.Logger = logger;
        });
        await connection.InvokeAsync("Fail", ["logged?"]).ContinueWith(_ => { });
        await connection.StopAsync().Within();

        Assert.Contains(logger.Lines, line => line.Contains("/hubs/test"));
        Assert.DoesNotContain(logger.Lines, line => line.Contains("secret-") || line.Contains("access_token"));
    }

    [Fact]
    public async Task Connect_honours_the_callers_cancellation()
    {
        var path = server.Raw.Register(RawScripts.DrainAsync);
        using var cancel = new CancellationTokenSource();
        var connecting = HubConnection.ConnectAsync(new Uri(server.BaseUrl, path), server.Options(), cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.Within());
    }

    public static TheoryData<Action<HubConnectionOptions>, string> BadOptions => new()
    {
        { o => o.KeepAliveInterval = TimeSpan.Zero, "KeepAliveInterval" },
        { o => o.ServerTimeout = TimeSpan.FromSeconds(-1), "ServerTimeout" },
        { o => o.HandshakeTimeout = TimeSpan.Zero, "HandshakeTimeout" },
        { o => o.InvocationTimeout = TimeSpan.Zero, "InvocationTimeout" },
        { o => o.CloseTimeout = TimeSpan.Zero, "CloseTimeout" },
        { o => o.MaximumReceiveMessageSize = 10, "MaximumReceiveMessageSize" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_options_are_rejected_naming_the_setting(Action<HubConnectionOptions> configure, string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => server.ConnectAsync(configure));

        Assert.Equal(name, error.ParamName);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hubs/test")]
    [InlineData("file:///hubs/test")]
    public async Task Unsupported_url_schemes_are_rejected(string url)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            HubConnection.ConnectAsync(new Uri(url), server.Options(), TestTimeouts.Token()));

        Assert.Contains("scheme", error.Message);
    }
}
