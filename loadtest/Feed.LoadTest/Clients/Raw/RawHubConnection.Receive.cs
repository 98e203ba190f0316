using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients.Raw;

// The handshake and the receive loop: bytes in, official parser, dispatch.
internal sealed partial class RawHubConnection
{
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var request = new ArrayBufferWriter<byte>(64);
        HandshakeProtocol.WriteRequestMessage(new HandshakeRequestMessage(_protocol.Name, _protocol.Version), request);
        await _socket.SendAsync(request.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var data = _received.Data;
            if (HandshakeProtocol.TryParseResponseMessage(ref data, out var response))
            {
                _received.ConsumeTo(data.Length);
                if (response.Error is not null)
                {
                    throw new HubException($"The server refused the handshake: {response.Error}");
                }
                return;
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (!_closed.Task.IsCompleted)
            {
                await ReceiveAsync(CancellationToken.None).ConfigureAwait(false);
                var data = _received.Data;
                while (_protocol.TryParseMessage(ref data, _binder, out var message))
                {
                    Dispatch(message);
                }
                _received.ConsumeTo(data.Length);
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        _calls.FailAll(error ?? new WebSocketException("The connection closed before the call completed."));
        // Closing it ourselves ends the loop with an error or a close frame: not a lost connection.
        _closed.TrySetResult(_stopping ? null : error);
    }

    /// <summary>Appends one WebSocket read to the buffer; a close frame ends the connection.</summary>
    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var result = await _socket.ReceiveAsync(_received.FreeSpace(), cancellationToken).ConfigureAwait(false);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely,
                $"The server closed the WebSocket ({_socket.CloseStatus} {_socket.CloseStatusDescription}).");
        }
        _received.Advance(result.Count);
    }
}
