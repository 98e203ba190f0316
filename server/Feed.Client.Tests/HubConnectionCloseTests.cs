using System.Net.WebSockets;
using Feed.Client.Tests.TestServer;

namespace Feed.Client.Tests;

public sealed class HubConnectionCloseTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task A_server_abort_fires_Closed_and_fails_pending_invocations()
    {
        await using var connection = await server.ConnectAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var hanging = connection.InvokeAsync("Hang", []);

        await connection.SendAsync("AbortMe", []).Within();

        await closed.Task.Within();
        var error = await Assert.ThrowsAsync<HubConnectionException>(() => hanging.Within());
        Assert.Contains("Hang", error.Message);
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<HubConnectionException>(() => connection.InvokeAsync("Echo", ["late"]));
    }

    [Fact]
    public async Task StopAsync_closes_cleanly()
    {
        var connection = await server.ConnectAsync();
        var closedWith = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closedWith.TrySetResult(error);
            return Task.CompletedTask;
        };

        await connection.StopAsync().Within();

        Assert.Null(await closedWith.Task.Within());
        Assert.Null(await connection.Completion.Within());
        var error = await Assert.ThrowsAsync<HubConnectionException>(() => connection.InvokeAsync("Echo", ["after stop"]));
        Assert.Contains("closed", error.Message);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task A_Close_message_with_an_error_closes_with_that_error()
    {
        var url = new Uri(server.TestHubUrl + "?" + TestHub.FailOnConnectQuery + "=1");
        await using var connection = await HubConnection.ConnectAsync(url, server.Options(), TestTimeouts.Token());

        var error = await connection.Completion.Within();

        var closeError = Assert.IsType<HubConnectionException>(error);
        Assert.Contains("refused by OnConnectedAsync", closeError.Message);
    }

    [Fact]
    public async Task A_silent_server_is_given_up_after_the_server_timeout()
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            await RawScripts.DrainAsync(socket);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
            server.Options(o =>
            {
                o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
                o.ServerTimeout = TimeSpan.FromMilliseconds(500);
            }), TestTimeouts.Token());
        var pending = connection.InvokeAsync("NeverAnswered", []);

        var error = await connection.Completion.Within();

        Assert.IsType<TimeoutException>(error);
        Assert.Contains("ServerTimeout", error.Message);
        var failed = await Assert.ThrowsAsync<HubConnectionException>(() => pending.Within());
        Assert.IsType<TimeoutException>(failed.InnerException);
    }

    [Fact]
    public async Task An_invocation_without_completion_times_out_and_the_connection_stays()
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            await RawScripts.DrainAsync(socket);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
            server.Options(o => o.InvocationTimeout = TimeSpan.FromMilliseconds(300)), TestTimeouts.Token());

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.InvokeAsync("NeverAnswered", []).Within());

        Assert.Contains("NeverAnswered", error.Message);
        Assert.True(connection.IsConnected);
    }

    [Theory]
    [InlineData("{\"type\":1,\"target\":", "Error reading JSON")]
    [InlineData("{\"target\":\"x\"}\u001e", "type")]
    [InlineData("[1,2]\u001e", "JSON")]
    public async Task Malformed_data_from_the_server_closes_with_InvalidDataException(string frame, string mention)
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            await RawScripts.SendAsync(socket, frame + "\u001e");
            await RawScripts.DrainAsync(socket);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path), server.Options(),
            TestTimeouts.Token());

        var error = await connection.Completion.Within();

        Assert.IsType<InvalidDataException>(error);
        Assert.Contains(mention, error.Message + error.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_with_a_clear_error()
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            await RawScripts.SendAsync(socket, "{\"type\":1,\"target\":\"" + new string('x', 8000));
            await RawScripts.DrainAsync(socket);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
            server.Options(o => o.MaximumReceiveMessageSize = 4096), TestTimeouts.Token());

        var error = await connection.Completion.Within();

        Assert.IsType<InvalidDataException>(error);
        Assert.Contains("MaximumReceiveMessageSize", error.Message);
    }

    [Fact]
    public async Task A_WebSocket_close_without_a_Close_message_is_reported_by_its_status()
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "go away", CancellationToken.None);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path), server.Options(),
            TestTimeouts.Token());

        var error = await connection.Completion.Within();

        Assert.IsType<HubConnectionException>(error);
        Assert.Contains("go away", error.Message);
    }
}
