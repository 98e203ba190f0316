using System.Net.WebSockets;
using Feed.Client.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Client;

/// <summary>
/// A SignalR hub connection over one WebSocket, with any <see cref="IHubProtocol"/>. Lean by
/// design (the load tester opens thousands): one receive loop, pooled buffers held only while
/// a message is in flight, and one timer for keep-alive, server timeout and invocation timeouts.
/// Thread-safe: invoke, send and register handlers from any thread.
/// </summary>
public sealed partial class HubConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly IHubProtocol _protocol;
    private readonly ILogger _logger;
    private readonly MessageSender _sender;
    private readonly ReceiveBuffer _buffer;
    private readonly PendingInvocations _pending = new();
    private readonly HandlerRegistry _handlers = new();
    private readonly InvocationBinder _binder;
    private readonly InvocationDispatcher _dispatcher;
    private readonly TaskCompletionSource<Exception?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _keepAliveInterval;
    private readonly TimeSpan _serverTimeout;
    private readonly TimeSpan _invocationTimeout;
    private readonly TimeSpan _closeTimeout;
    private Timer? _timer;
    private long _tickMilliseconds;
    private long _lastReceivedAt = Environment.TickCount64;
    private Exception? _abortReason;
    private int _stopRequested;

    private HubConnection(ClientWebSocket socket, HubConnectionOptions options, ILogger logger)
    {
        _socket = socket;
        _protocol = options.Protocol;
        _logger = logger;
        _sender = new MessageSender(socket, _protocol);
        _buffer = new ReceiveBuffer(options.MaximumReceiveMessageSize);
        _binder = new InvocationBinder(_pending, _handlers);
        _dispatcher = new InvocationDispatcher(_handlers, logger);
        _keepAliveInterval = options.KeepAliveInterval;
        _serverTimeout = options.ServerTimeout;
        _invocationTimeout = options.InvocationTimeout;
        _closeTimeout = options.CloseTimeout;
    }

    /// <summary>
    /// Raised once after the connection closed, with null for a clean close (StopAsync, or the
    /// server closing without error) or the reason. Pending invocations have already failed.
    /// </summary>
    public event Func<Exception?, Task>? Closed;

    /// <summary>The protocol this connection speaks.</summary>
    public IHubProtocol Protocol => _protocol;

    /// <summary>
    /// Completes (never faults) when the connection has closed, with the same value
    /// <see cref="Closed"/> gets. Unlike the event it cannot be missed by subscribing late.
    /// </summary>
    public Task<Exception?> Completion => _completion.Task;

    /// <summary>True until the connection has closed.</summary>
    public bool IsConnected => !_completion.Task.IsCompleted;

    /// <summary>Connects over WebSockets (no negotiate request) and completes the handshake.</summary>
    /// <exception cref="HubConnectionException">The server refused the upgrade (see
    /// <see cref="HubConnectionException.StatusCode"/>, e.g. 401 for a bad token), rejected the
    /// handshake (the message carries its reason), or did not answer within HandshakeTimeout.</exception>
    public static Task<HubConnection> ConnectAsync(Uri hubUrl, HubConnectionOptions options,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(hubUrl, options, beforeStart: null, cancellationToken);

    /// <summary>
    /// As <see cref="ConnectAsync(Uri, HubConnectionOptions, CancellationToken)"/>, calling
    /// <paramref name="beforeStart"/> (to register handlers) before the first message is read,
    /// so nothing the server sends right after the handshake is missed.
    /// </summary>
    public static async Task<HubConnection> ConnectAsync(Uri hubUrl, HubConnectionOptions options,
        Action<HubConnection>? beforeStart, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = options.Logger ?? NullLogger.Instance;
        var url = HubUrl.Redact(hubUrl);
        HubConnectionLog.Connecting(logger, url, options.Protocol.Name);

        using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshakeTimeout.CancelAfter(options.HandshakeTimeout);
        HubConnection? connection = null;
        try
        {
            var socket = await WebSocketConnector.ConnectAsync(hubUrl, options, handshakeTimeout.Token).ConfigureAwait(false);
            connection = new HubConnection(socket, options, logger);
            await connection.HandshakeAsync(handshakeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            connection?.ReleaseResources();
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new HubConnectionException(
                    $"Connecting to {url} did not complete within HandshakeTimeout ({options.HandshakeTimeout}).", ex);
            }
            throw;
        }
        HubConnectionLog.Connected(logger, url);
        beforeStart?.Invoke(connection);
        connection.Start();
        return connection;
    }

    /// <summary>Invokes a hub method and returns its result, bound to <typeparamref name="T"/>.</summary>
    /// <exception cref="HubException">The method failed on the server; carries the server's message.</exception>
    /// <exception cref="HubConnectionException">The connection closed before the completion arrived.</exception>
    /// <exception cref="TimeoutException">No completion within InvocationTimeout.</exception>
    public async Task<T?> InvokeAsync<T>(string method, object?[] args, CancellationToken cancellationToken = default)
    {
        var result = await InvokeCoreAsync(method, typeof(T), args, cancellationToken).ConfigureAwait(false);
        return result is null ? default : (T)result;
    }

    /// <summary>Invokes a hub method and waits for it to complete, ignoring any result.</summary>
    public Task InvokeAsync(string method, object?[] args, CancellationToken cancellationToken = default) =>
        InvokeCoreAsync(method, typeof(object), args, cancellationToken);

    /// <summary>Invokes a hub method without waiting for it (no invocation id; the server sends no
    /// completion). Completes once the message is written to the socket.</summary>
    public async Task SendAsync(string method, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(args);
        await SendMessageAsync(new InvocationMessage(method, args), method, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers a handler for a server-to-client method, whose arguments the protocol binds to
    /// <paramref name="parameterTypes"/>. Handlers run one message at a time in arrival order;
    /// one may await an invocation on this connection. Dispose the result to unregister.
    /// </summary>
    public IDisposable On(string method, Type[] parameterTypes, Func<object?[], Task> handler) =>
        _handlers.Add(method, parameterTypes, handler);

    /// <summary>Closes the connection (WebSocket close handshake, bounded by CloseTimeout) and
    /// waits until it has closed. Safe to call more than once and from a Closed handler.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0 && IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_closeTimeout);
                await _sender.CloseOutputAsync(timeout.Token).ConfigureAwait(false);
                // The server answers with its close frame, which ends the receive loop.
                await _completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                _socket.Abort();
            }
        }
        await _completion.Task.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<object?> InvokeCoreAsync(string method, Type returnType, object?[] args,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(args);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfClosed(method);
        var deadline = _invocationTimeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Environment.TickCount64 + (long)_invocationTimeout.TotalMilliseconds;
        // Registered before sending: the completion may arrive before SendAsync returns.
        var pending = _pending.Add(method, returnType, deadline);
        try
        {
            await SendMessageAsync(new InvocationMessage(pending.Id, method, args), method, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            _pending.Remove(pending);
            throw;
        }
        if (!cancellationToken.CanBeCanceled)
        {
            return await pending.Task.ConfigureAwait(false);
        }
        using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PendingInvocation)state!).TrySetCanceled(token), pending);
        try
        {
            return await pending.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A late completion for this id is then bound to object and dropped.
            _pending.Remove(pending);
            throw;
        }
    }

    private void ThrowIfClosed(string method)
    {
        if (!IsConnected)
        {
            throw new HubConnectionException($"Cannot send '{method}': the connection is closed.", _completion.Task.Result);
        }
    }

    private async ValueTask SendMessageAsync(HubMessage message, string method, CancellationToken cancellationToken)
    {
        ThrowIfClosed(method);
        try
        {
            await _sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            throw new HubConnectionException($"Sending '{method}' failed: the connection is closed or closing.", ex);
        }
    }

    private void Start()
    {
        var shortest = Math.Min(_keepAliveInterval.TotalMilliseconds, _serverTimeout.TotalMilliseconds);
        if (_invocationTimeout != Timeout.InfiniteTimeSpan)
        {
            shortest = Math.Min(shortest, _invocationTimeout.TotalMilliseconds);
        }
        // A third of the shortest interval: pings go out between 2/3 and 1 keep-alive interval
        // after the last send, and timeouts fire at most a third late.
        _tickMilliseconds = Math.Max(10, (long)(shortest / 3));
        Volatile.Write(ref _lastReceivedAt, Environment.TickCount64);
        _timer = new Timer(static state => ((HubConnection)state!).OnTick(), this, _tickMilliseconds, _tickMilliseconds);
        _ = ReceiveUntilClosedAsync();
    }

    private void OnTick()
    {
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _lastReceivedAt) >= (long)_serverTimeout.TotalMilliseconds)
        {
            HubConnectionLog.ServerTimeout(_logger, _serverTimeout);
            Abort(new TimeoutException(
                $"The server sent nothing for {_serverTimeout} (ServerTimeout); the connection is considered lost."));
            return;
        }
        if (now - _sender.LastSentAt >= (long)_keepAliveInterval.TotalMilliseconds - _tickMilliseconds)
        {
            _ = _sender.TrySendPingAsync();
        }
        if (_invocationTimeout != Timeout.InfiniteTimeSpan)
        {
            _pending.ExpireDueBy(now, _invocationTimeout);
        }
    }

    /// <summary>Ends the connection at once; the receive loop then closes with this reason.</summary>
    private void Abort(Exception reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        _socket.Abort();
    }

    private void ReleaseResources()
    {
        _timer?.Dispose();
        _socket.Dispose();
        _buffer.Dispose();
    }
}
