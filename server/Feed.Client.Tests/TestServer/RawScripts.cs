using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Feed.Client.Tests.TestServer;

/// <summary>
/// Scripted WebSocket endpoints playing a SignalR server byte by byte, for what a real hub
/// will not do on demand: split or batched frames, silence, malformed data. Each script is
/// registered under a fresh name and runs for the one connection that dials it.
/// </summary>
public sealed class RawScripts
{
    public const string HandshakeOk = "{}\u001e";
    public const string Ping = "{\"type\":6}\u001e";

    private readonly ConcurrentDictionary<string, Func<WebSocket, Task>> _scripts = new();

    /// <summary>Registers a script; returns the hub URL path that runs it.</summary>
    public string Register(Func<WebSocket, Task> script)
    {
        var name = Guid.NewGuid().ToString("N");
        _scripts[name] = script;
        return "/raw/" + name;
    }

    internal async Task HandleAsync(HttpContext context, string name)
    {
        if (!context.WebSockets.IsWebSocketRequest || !_scripts.TryRemove(name, out var script))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await script(socket);
    }

    public static async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
    }

    public static Task SendAsync(WebSocket socket, string text, WebSocketMessageType type = WebSocketMessageType.Text,
        bool endOfMessage = true) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), type, endOfMessage, CancellationToken.None);

    /// <summary>Reads and drops frames until the client goes away, keeping the socket open meanwhile.</summary>
    public static async Task DrainAsync(WebSocket socket)
    {
        try
        {
            while ((await ReceiveAsync(socket)).Type != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // The client aborted, which is how several tests end.
        }
    }
}
