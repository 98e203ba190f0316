using System.Net.WebSockets;
using System.Text.Json;
using Feed.Client.Tests.TestServer;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client.Tests;

/// <summary>Against scripted raw WebSockets: frame types, batching, splitting, pings.</summary>
public sealed class HubConnectionFramingTests(TestServerFixture server) : IClassFixture<TestServerFixture>
{
    public static TheoryData<string, WebSocketMessageType> Protocols => new()
    {
        { "json", WebSocketMessageType.Text },
        { "jsonbin", WebSocketMessageType.Binary },
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Frames_follow_the_protocols_transfer_format(string protocol, WebSocketMessageType expected)
    {
        var frames = new TaskCompletionSource<WebSocketMessageType[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = server.Raw.Register(async socket =>
        {
            var handshake = await RawScripts.ReceiveAsync(socket);
            Assert.Contains($"\"protocol\":\"{protocol}\"", handshake.Text);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk, expected);
            var invocation = await RawScripts.ReceiveAsync(socket);
            frames.TrySetResult([handshake.Type, invocation.Type]);
            await RawScripts.SendAsync(socket, Completion(invocation.Text, "\"done\""), expected);
            await RawScripts.DrainAsync(socket);
        });
        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
            server.Options(o => o.Protocol = ProtocolNamed(protocol)), TestTimeouts.Token());

        Assert.Equal("done", await connection.InvokeAsync<string>("Anything", []).Within());
        Assert.Equal([expected, expected], await frames.Task.Within());
    }

    [Fact]
    public async Task Messages_batched_with_the_handshake_and_split_across_frames_are_parsed()
    {
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            // Handshake response and a push in one frame: the push must not be lost.
            await RawScripts.SendAsync(socket,
                RawScripts.HandshakeOk + "{\"type\":1,\"target\":\"Hello\",\"arguments\":[\"batched\"]}\u001e");
            var invocation = await RawScripts.ReceiveAsync(socket);
            var completion = Completion(invocation.Text, "\"split ✓\"");
            // One hub message over two WebSocket messages, the second in two frames cut inside
            // a multi-byte character (legal within one text message).
            var rest = System.Text.Encoding.UTF8.GetBytes(completion[10..]);
            var inside = System.Text.Encoding.UTF8.GetByteCount(completion[10..completion.IndexOf('✓')]) + 1;
            await RawScripts.SendAsync(socket, completion[..10]);
            await SendBytesAsync(socket, rest[..inside], endOfMessage: false);
            await SendBytesAsync(socket, rest[inside..], endOfMessage: true);
            await RawScripts.DrainAsync(socket);
        });
        var hello = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path), server.Options(),
            beforeStart: c => c.On<string>("Hello", text => hello.TrySetResult(text)), TestTimeouts.Token());

        Assert.Equal("batched", await hello.Task.Within());
        Assert.Equal("split ✓", await connection.InvokeAsync<string>("Anything", []).Within());
    }

    [Fact]
    public async Task A_ping_is_sent_when_the_client_is_otherwise_silent()
    {
        var pinged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = server.Raw.Register(async socket =>
        {
            await RawScripts.ReceiveAsync(socket);
            await RawScripts.SendAsync(socket, RawScripts.HandshakeOk);
            pinged.TrySetResult((await RawScripts.ReceiveAsync(socket)).Text);
            await RawScripts.DrainAsync(socket);
        });

        await using var connection = await HubConnection.ConnectAsync(new Uri(server.BaseUrl, path),
            server.Options(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100)), TestTimeouts.Token());

        Assert.Equal(RawScripts.Ping, await pinged.Task.Within());
    }

    private static IHubProtocol ProtocolNamed(string name) =>
        name == "json" ? HubConnectionOptions.DefaultProtocol : TestProtocols.BinaryJson;

    private static string Completion(string invocationFrame, string resultJson)
    {
        using var invocation = JsonDocument.Parse(invocationFrame.TrimEnd('\u001e'));
        var id = invocation.RootElement.GetProperty("invocationId").GetString();
        return $"{{\"type\":3,\"invocationId\":\"{id}\",\"result\":{resultJson}}}\u001e";
    }

    private static Task SendBytesAsync(WebSocket socket, byte[] bytes, bool endOfMessage) =>
        socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage, CancellationToken.None);
}
