using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal;

/// <summary>
/// Keeps one logical connection alive: opens a socket (trying endpoints in order), runs the
/// handshake and the owner's setup (resubscription), PINGs it while idle, and after a drop
/// reconnects with capped exponential backoff. <see cref="Current"/> is null while down.
/// </summary>
internal sealed class ConnectionSupervisor : IAsyncDisposable
{
    private readonly RedisConnectionOptions _options;
    private readonly RedisConnectionKind _kind;
    private readonly ILogger _logger;
    private readonly Func<RedisValue, bool>? _pushHandler;
    private readonly Func<RedisPhysicalConnection, CancellationToken, Task>? _onConnected;
    private readonly CancellationTokenSource _disposed = new();
    private volatile RedisPhysicalConnection? _current;
    private Task _loop = Task.CompletedTask;

    public ConnectionSupervisor(RedisConnectionOptions options, RedisConnectionKind kind, ILogger logger,
        Func<RedisValue, bool>? pushHandler = null, Func<RedisPhysicalConnection, CancellationToken, Task>? onConnected = null)
    {
        _options = options;
        _kind = kind;
        _logger = logger;
        _pushHandler = pushHandler;
        _onConnected = onConnected;
    }

    /// <summary>Raised after a connection drops (not when disposed).</summary>
    public Action<RedisConnectionEventArgs>? Lost { get; set; }

    /// <summary>Raised when the background loop (re)connects, after the owner's setup ran.</summary>
    public Action<RedisConnectionEventArgs>? Restored { get; set; }

    public RedisPhysicalConnection? Current => _current;

    /// <summary>The live connection, or a clear exception saying there is none right now.</summary>
    public RedisPhysicalConnection RequireCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return _current ?? throw new RedisConnectionException(
            $"No {_kind} connection to Redis ({_options.EndPoints.Text()}) is available; reconnecting in the background.");
    }

    /// <summary>One connect attempt for the caller of ConnectAsync; returns the failure instead of throwing it.</summary>
    public async Task<Exception?> TryConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            _current = await OpenAnyAsync(linked.Token);
            return null;
        }
        catch (RedisConnectionException ex)
        {
            return ex;
        }
    }

    /// <summary>Starts supervising: keep-alive, and reconnecting whenever the connection is down.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        await _loop;
        if (_current is { } connection)
        {
            _current = null;
            await connection.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var token = _disposed.Token;
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        while (!token.IsCancellationRequested)
        {
            var connection = _current;
            if (connection is null)
            {
                connection = await ReconnectAsync(backoff, token);
                if (connection is null)
                {
                    return;
                }
                backoff.Reset();
                _current = connection;
                Restored?.Invoke(new RedisConnectionEventArgs(_kind, connection.EndPoint, null));
            }
            var reason = await KeepAliveUntilClosedAsync(connection, token);
            if (token.IsCancellationRequested)
            {
                return;
            }
            _current = null;
            await connection.DisposeAsync();
            RedisLog.ConnectionLost(_logger, _kind, connection.EndPoint.Text(), reason.Message);
            Lost?.Invoke(new RedisConnectionEventArgs(_kind, connection.EndPoint, reason));
        }
    }

    private async Task<RedisPhysicalConnection?> ReconnectAsync(ReconnectBackoff backoff, CancellationToken token)
    {
        while (true)
        {
            var delay = backoff.NextDelay();
            RedisLog.Reconnecting(_logger, _kind, (long)delay.TotalMilliseconds, backoff.Attempt);
            try
            {
                await Task.Delay(delay, token);
                return await OpenAnyAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return null;
            }
            catch (RedisConnectionException)
            {
                // Logged by OpenAnyAsync; try again after a longer delay.
            }
        }
    }

    private async Task<Exception> KeepAliveUntilClosedAsync(RedisPhysicalConnection connection, CancellationToken token)
    {
        while (true)
        {
            var tick = Task.Delay(_options.KeepAlive, token);
            if (await Task.WhenAny(connection.Closed, tick) == connection.Closed || token.IsCancellationRequested)
            {
                return connection.IsClosed ? await connection.Closed : new OperationCanceledException(token);
            }
            try
            {
                await connection.ExecuteAsync(["PING"], _options.SyncTimeout, token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested && !connection.IsClosed)
            {
                // A server that cannot answer PING in time is as good as gone: reconnect.
                RedisLog.KeepAliveFailed(_logger, connection.EndPoint.Text(), ex);
                connection.Abort(new RedisConnectionException($"Keep-alive PING to Redis at {connection.EndPoint.Text()} failed: {ex.Message}", ex));
            }
            catch (Exception)
            {
                // Closed or disposing: the next turn of the loop reports it.
            }
        }
    }

    private async Task<RedisPhysicalConnection> OpenAnyAsync(CancellationToken token)
    {
        Exception? last = null;
        foreach (var endPoint in _options.EndPoints)
        {
            try
            {
                return await OpenAsync(endPoint, token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                RedisLog.ConnectFailed(_logger, _kind, endPoint.Text(), ex.Message);
                last = ex;
            }
        }
        throw new RedisConnectionException(
            $"Could not connect the {_kind} connection to Redis at {_options.EndPoints.Text()}: {last?.Message}", last);
    }

    private async Task<RedisPhysicalConnection> OpenAsync(System.Net.DnsEndPoint endPoint, CancellationToken token)
    {
        RedisLog.Connecting(_logger, _kind, endPoint.Text());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(_options.ConnectTimeout);
        RedisPhysicalConnection? connection = null;
        try
        {
            connection = await RedisPhysicalConnection.OpenAsync(endPoint, _options.Ssl, _pushHandler, _logger, timeout.Token);
            await RedisHandshake.RunAsync(connection, _options, _kind, timeout.Token);
            if (_onConnected is not null)
            {
                await _onConnected(connection, token);
            }
            RedisLog.Connected(_logger, _kind, endPoint.Text());
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !token.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting took longer than connectTimeout ({_options.ConnectTimeout.TotalMilliseconds} ms).", ex);
            }
            throw;
        }
    }
}
