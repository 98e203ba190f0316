using System.Globalization;
using System.Net.WebSockets;
using Feed.Client;
using Feed.Core;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients.Raw;

/// <summary>
/// One hub connection over a bare WebSocket: the SignalR handshake, then a receive loop that
/// hands what arrives to the official protocol's parser and dispatches <c>FeedUpdated</c> and
/// completions. Sends are serialized (a WebSocket allows one at a time).
/// </summary>
internal sealed partial class RawHubConnection : ILoadTestConnection
{
    private readonly ClientWebSocket _socket;
    private readonly IHubProtocol _protocol;
    private readonly IInvocationBinder _binder;
    private readonly Action<object?[]> _onFeedUpdated;
    private readonly ReadOnlyMemory<byte> _ping;
    private readonly WebSocketMessageType _frameType;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly PendingCalls _calls = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReceiveBuffer _received = new();
    private volatile bool _stopping;
    private long _lastSentAt;

    private RawHubConnection(ClientWebSocket socket, IHubProtocol protocol, IInvocationBinder binder, Action<object?[]> onFeedUpdated,
        ReadOnlyMemory<byte> ping)
    {
        _ping = ping;
        _socket = socket;
        _protocol = protocol;
        _binder = binder;
        _onFeedUpdated = onFeedUpdated;
        _frameType = protocol.TransferFormat == TransferFormat.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
    }

    public Task<Exception?> Completion => _closed.Task;

    public static async Task<RawHubConnection> ConnectAsync(Uri url, string token, IHubProtocol protocol, HttpMessageInvoker http,
        IInvocationBinder binder, Action<object?[]> onFeedUpdated, ReadOnlyMemory<byte> ping, CancellationToken cancellationToken)
    {
        var hub = FeedClient.HubUrlOf(url);
        var uri = new UriBuilder(hub)
        {
            Scheme = hub.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Query = "access_token=" + Uri.EscapeDataString(token),
        }.Uri;
        var socket = new ClientWebSocket();
        // No WebSocket-level keep-alive (a timer per socket): SignalR pings, on one shared timer, do that job.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var connection = new RawHubConnection(socket, protocol, binder, onFeedUpdated, ping);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await socket.ConnectAsync(uri, http, timeout.Token).ConfigureAwait(false);
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _ = connection.ReceiveLoopAsync();
        return connection;
    }

    public async Task PublishAsync(string text)
    {
        var result = await InvokeAsync(FeedHubMethods.Publish, [new PublishRequest(text)], CancellationToken.None).ConfigureAwait(false);
        if (result is null)
        {
            throw new InvalidDataException("Publish returned no item.");
        }
    }

    public Task FollowAsync(string userId, CancellationToken cancellationToken) =>
        InvokeAsync(FeedHubMethods.Follow, [userId], cancellationToken);

    /// <summary>A ping when nothing was sent for a while, skipped if a send is under way (the keep-alive tick).</summary>
    public void PingIfIdle()
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _lastSentAt) >= 10_000 && _sending.Wait(0))
        {
            _ = SendHeldAsync(_ping, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            await _closed.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // Closed already, or the server did not answer the close: the socket goes either way.
        }
        _socket.Dispose();
        _calls.FailAll(new ObjectDisposedException(nameof(RawHubConnection)));
        _closed.TrySetResult(null);
    }

    private async Task<object?> InvokeAsync(string method, object?[] arguments, CancellationToken cancellationToken)
    {
        var (id, call) = _calls.Start();
        var bytes = _protocol.GetMessageBytes(new InvocationMessage(id.ToString(CultureInfo.InvariantCulture), method, arguments));
        await SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        return await call.ConfigureAwait(false);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        await SendHeldAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends with the send lock already held, and releases it.</summary>
    private async Task SendHeldAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendAsync(bytes, _frameType, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastSentAt, Environment.TickCount64);
        }
        catch (Exception) when (cancellationToken == CancellationToken.None && _closed.Task.IsCompleted)
        {
            // A ping racing the close: nothing to report.
        }
        finally
        {
            _sending.Release();
        }
    }

    private void Dispatch(HubMessage message)
    {
        switch (message)
        {
            case InvocationMessage { Target: FeedHubMethods.FeedUpdated } invocation:
                _onFeedUpdated(invocation.Arguments);
                break;
            case CompletionMessage completion:
                _calls.Complete(completion);
                break;
            case CloseMessage close:
                _closed.TrySetResult(close.Error is null ? null : new HubException($"The server closed the connection: {close.Error}"));
                break;
            // Pings keep the socket alive by arriving; Resync and the rest need nothing from the tester.
        }
    }
}
