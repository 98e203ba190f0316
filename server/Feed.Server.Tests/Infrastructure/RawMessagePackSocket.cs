using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Feed.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// A bare WebSocket to the hub after a messagepack handshake, for sending arbitrary bytes
/// (fuzzing) and reading what the server answers, with no client logic in between.
/// </summary>
public sealed class RawMessagePackSocket : IAsyncDisposable
{
    private static readonly MessagePackHubProtocol Protocol = new(); // the contract types carry their keys
    private static readonly IInvocationBinder Binder = new ProbeBinder();

    private readonly ClientWebSocket _socket;
    private readonly byte[] _receiveBuffer = new byte[16 * 1024];
    private byte[] _unparsed = [];

    private RawMessagePackSocket(ClientWebSocket socket) => _socket = socket;

    public static async Task<RawMessagePackSocket> ConnectAsync(Uri baseUrl, string token, CancellationToken cancellationToken)
    {
        var hub = new UriBuilder(baseUrl)
        {
            Scheme = baseUrl.Scheme == "https" ? "wss" : "ws",
            Path = FeedHubMethods.Path,
            Query = "access_token=" + Uri.EscapeDataString(token),
        };
        var webSocket = new ClientWebSocket();
        var socket = new RawMessagePackSocket(webSocket);
        try
        {
            await webSocket.ConnectAsync(hub.Uri, cancellationToken);
            var handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e");
            await webSocket.SendAsync(handshake, WebSocketMessageType.Text, true, cancellationToken);
            await socket.ReadHandshakeResponseAsync(cancellationToken);
            return socket;
        }
        catch
        {
            webSocket.Dispose();
            throw;
        }
    }

    /// <summary>Sends bytes as one binary WebSocket message (any number of frames, or garbage).</summary>
    public Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, cancellationToken).AsTask();

    public Task SendAsync(HubMessage message, CancellationToken cancellationToken) =>
        SendAsync(Protocol.GetMessageBytes(message), cancellationToken);

    /// <summary>The server's messages until one matches; a <see cref="CloseMessage"/> or null (socket closed) ends early.</summary>
    public async Task<HubMessage?> ReadUntilAsync(Func<HubMessage, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (TryParse(out var message))
            {
                if (match(message) || message is CloseMessage)
                {
                    return message;
                }
            }
            if (!await ReceiveAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>The body of a message written by the protocol, without its length prefix (for mutating).</summary>
    public static byte[] Body(HubMessage message)
    {
        var framed = new ReadOnlySequence<byte>(Protocol.GetMessageBytes(message));
        var reader = new SequenceReader<byte>(framed);
        while (reader.TryRead(out var prefixByte) && (prefixByte & 0x80) != 0)
        {
        }
        return framed.Slice(reader.Position).ToArray();
    }

    /// <summary>A body with SignalR's VarInt length prefix.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var output = new List<byte>(body.Length + 5);
        var length = (uint)body.Length;
        do
        {
            var next = (byte)(length & 0x7f);
            length >>= 7;
            output.Add(length > 0 ? (byte)(next | 0x80) : next);
        }
        while (length > 0);
        output.AddRange(body);
        return [.. output];
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server may close first; the socket is disposed either way.
            }
        }
        _socket.Dispose();
    }

    private async Task ReadHandshakeResponseAsync(CancellationToken cancellationToken)
    {
        while (Array.IndexOf(_unparsed, (byte)0x1e) is var end && end < 0)
        {
            if (!await ReceiveAsync(cancellationToken))
            {
                throw new InvalidOperationException("The server closed the socket during the handshake.");
            }
        }
        var separator = Array.IndexOf(_unparsed, (byte)0x1e);
        var response = Encoding.UTF8.GetString(_unparsed, 0, separator);
        if (response != "{}")
        {
            throw new InvalidOperationException($"Handshake refused: {response}");
        }
        _unparsed = _unparsed[(separator + 1)..];
    }

    private bool TryParse(out HubMessage message)
    {
        var input = new ReadOnlySequence<byte>(_unparsed);
        if (Protocol.TryParseMessage(ref input, Binder, out var parsed))
        {
            _unparsed = input.ToArray();
            message = parsed;
            return true;
        }
        message = null!;
        return false;
    }

    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.Open)
        {
            return false;
        }
        WebSocketReceiveResult result;
        try
        {
            result = await _socket.ReceiveAsync(_receiveBuffer, cancellationToken);
        }
        catch (WebSocketException)
        {
            return false; // the server aborted the connection
        }
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return false;
        }
        _unparsed = [.. _unparsed, .. _receiveBuffer.AsSpan(0, result.Count)];
        return true;
    }

    /// <summary>Completions whose id starts with "probe-" are GetFeed pages; other results stay raw.</summary>
    private sealed class ProbeBinder : IInvocationBinder
    {
        public Type GetReturnType(string invocationId) =>
            invocationId.StartsWith("probe-", StringComparison.Ordinal) ? typeof(FeedPage) : typeof(RawResult);

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            FeedHubMethods.FeedUpdated => [typeof(FeedItem[])],
            FeedHubMethods.Resync => [],
            _ => throw new HubException($"The server invoked unexpected method '{methodName}'."),
        };

        public Type GetStreamItemType(string streamId) =>
            throw new HubException($"The server streamed to '{streamId}', which this socket never asked for.");
    }
}
