using System.Net.WebSockets;
using Feed.Client.Internal;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client;

// The receiving side: handshake, the receive loop, message dispatch and shutdown.
public sealed partial class HubConnection
{
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        await _sender.SendHandshakeAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.GetMemory(), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new HubConnectionException(
                    $"The server closed the WebSocket during the handshake ({_socket.CloseStatus}: {_socket.CloseStatusDescription}).");
            }
            _buffer.Advance(result.Count);
            var data = _buffer.Data;
            var parsed = HandshakeProtocol.TryParseResponseMessage(ref data, out var response);
            // Whatever follows the response (the server may batch it with the first messages)
            // stays in the buffer for the receive loop.
            _buffer.Consume(data);
            if (parsed)
            {
                if (response!.Error is not null)
                {
                    throw new HubConnectionException($"The server rejected the handshake: {response.Error}");
                }
                return;
            }
        }
    }

    private async Task ReceiveUntilClosedAsync()
    {
        Exception? error;
        try
        {
            error = await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        var reason = Volatile.Read(ref _abortReason)
            ?? (Volatile.Read(ref _stopRequested) == 1 ? null : error);
        await ShutdownAsync(reason).ConfigureAwait(false);
    }

    /// <summary>Reads until the connection ends; returns the server's close error, if any.</summary>
    private async Task<Exception?> ReceiveLoopAsync()
    {
        while (true)
        {
            // Parse before reading: the handshake may have left messages batched behind it.
            // Messages are self-delimiting (JSON: 0x1E; binary: length prefix), so frames are just
            // bytes here: one frame may hold several messages and one message may span frames.
            var data = _buffer.Data;
            while (_protocol.TryParseMessage(ref data, _binder, out var message))
            {
                if (message is CloseMessage close)
                {
                    return close.Error is null
                        ? null
                        : new HubConnectionException($"The server closed the connection with an error: {close.Error}");
                }
                Dispatch(message);
            }
            _buffer.Consume(data);

            if (_buffer.IsEmpty)
            {
                // Wait for data without holding a buffer: an idle connection costs no buffer memory.
                var ready = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (ready.MessageType == WebSocketMessageType.Close)
                {
                    return SocketCloseError();
                }
            }
            var result = await _socket.ReceiveAsync(_buffer.GetMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return SocketCloseError();
            }
            _buffer.Advance(result.Count);
            Volatile.Write(ref _lastReceivedAt, Environment.TickCount64);
        }
    }

    private void Dispatch(HubMessage message)
    {
        switch (message)
        {
            case CompletionMessage completion:
                _pending.TryComplete(completion);
                break;
            case InvocationMessage invocation:
                if (invocation.InvocationId is not null)
                {
                    // The server wants a client result (ISingleClientProxy.InvokeAsync): say no rather than let it hang.
                    HubConnectionLog.ClientResultNotSupported(_logger, invocation.Target);
                    _ = SendQuietlyAsync(CompletionMessage.WithError(invocation.InvocationId, "Client results are not supported."));
                }
                _dispatcher.Dispatch(invocation);
                break;
            case InvocationBindingFailureMessage failure when _handlers.Find(failure.Target) is null:
                HubConnectionLog.MissingHandler(_logger, failure.Target);
                break;
            case InvocationBindingFailureMessage failure:
                HubConnectionLog.BindingFailed(_logger, failure.Target, failure.BindingFailure.SourceException);
                break;
            case PingMessage:
                break;
            default:
                HubConnectionLog.IgnoredMessage(_logger, message.GetType().Name);
                break;
        }
    }

    private async Task SendQuietlyAsync(HubMessage message)
    {
        try
        {
            await _sender.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // The connection is going; the receive loop reports that.
        }
    }

    /// <summary>A WebSocket close without a SignalR Close message: clean only if normal.</summary>
    private HubConnectionException? SocketCloseError() =>
        _socket.CloseStatus is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable
            ? null
            : new HubConnectionException(
                $"The server closed the WebSocket ({_socket.CloseStatus}: {_socket.CloseStatusDescription}).");

    private async Task ShutdownAsync(Exception? reason)
    {
        _timer?.Dispose();
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // Complete the close handshake politely, but never wait long for it.
            try
            {
                using var timeout = new CancellationTokenSource(_closeTimeout);
                await _sender.CloseOutputAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // Disposing below aborts the socket anyway.
            }
        }
        ReleaseResources();
        _pending.CloseAll(reason);
        if (reason is null)
        {
            HubConnectionLog.ClosedCleanly(_logger);
        }
        else
        {
            HubConnectionLog.ClosedWithError(_logger, reason);
        }
        _completion.TrySetResult(reason);
        await RaiseClosedAsync(reason).ConfigureAwait(false);
    }

    private async Task RaiseClosedAsync(Exception? reason)
    {
        if (Closed is not { } closed)
        {
            return;
        }
        foreach (var handler in closed.GetInvocationList().Cast<Func<Exception?, Task>>())
        {
            try
            {
                await handler(reason).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                HubConnectionLog.ClosedHandlerFailed(_logger, ex);
            }
        }
    }
}
