using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client.Internal;

/// <summary>
/// Writes hub messages to the socket one at a time (a WebSocket allows a single send in
/// flight), each serialized into one pooled buffer and sent as one frame of the protocol's
/// type. Remembers when it last sent, for the keep-alive.
/// </summary>
internal sealed class MessageSender
{
    private readonly WebSocket _socket;
    private readonly IHubProtocol _protocol;
    private readonly WebSocketMessageType _frameType;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly PooledBufferWriter _buffer = new();
    private long _lastSentAt = Environment.TickCount64;

    public MessageSender(WebSocket socket, IHubProtocol protocol)
    {
        _socket = socket;
        _protocol = protocol;
        _frameType = FrameTypeOf(protocol);
    }

    /// <summary>Environment.TickCount64 of the last completed send.</summary>
    public long LastSentAt => Volatile.Read(ref _lastSentAt);

    public static WebSocketMessageType FrameTypeOf(IHubProtocol protocol) =>
        protocol.TransferFormat == TransferFormat.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;

    /// <summary>
    /// Only waiting for the turn is cancellable: cancelling a WebSocket send aborts the socket,
    /// and a stuck send is ended by the server timeout aborting the socket anyway.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(HubMessage message, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _protocol.WriteMessage(message, _buffer);
            await _socket.SendAsync(_buffer.WrittenMemory, _frameType, endOfMessage: true, CancellationToken.None)
                .ConfigureAwait(false);
            Volatile.Write(ref _lastSentAt, Environment.TickCount64);
        }
        finally
        {
            _buffer.Reset();
            _lock.Release();
        }
    }

    /// <summary>Sends the handshake request (JSON, but framed like the protocol's messages).</summary>
    public async ValueTask SendHandshakeAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage(_protocol.Name, _protocol.Version), _buffer);
            await _socket.SendAsync(_buffer.WrittenMemory, _frameType, endOfMessage: true, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _buffer.Reset();
            _lock.Release();
        }
    }

    /// <summary>
    /// Sends a ping unless a send is already in flight (then the connection is visibly alive
    /// and a ping would only queue behind it). Never throws: a dead socket is the receive
    /// loop's to report.
    /// </summary>
    public async Task TrySendPingAsync()
    {
        if (!_lock.Wait(0))
        {
            return;
        }
        try
        {
            _protocol.WriteMessage(PingMessage.Instance, _buffer);
            await _socket.SendAsync(_buffer.WrittenMemory, _frameType, endOfMessage: true, CancellationToken.None)
                .ConfigureAwait(false);
            Volatile.Write(ref _lastSentAt, Environment.TickCount64);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket is closing; the receive loop sees the same failure and closes the connection.
        }
        finally
        {
            _buffer.Reset();
            _lock.Release();
        }
    }

    /// <summary>Starts the WebSocket close handshake, after any send in flight.</summary>
    public async Task CloseOutputAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
