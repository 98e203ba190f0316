using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal;

/// <summary>
/// One socket to Redis. Callers write commands under a short lock into an in-memory pipe (so
/// concurrent commands are pipelined and sent in batches by one send loop); one read loop
/// parses replies and completes the oldest <see cref="PendingReply"/>. Push frames (pub/sub
/// messages) are offered to <see cref="_pushHandler"/> first. Once closed, it stays closed:
/// the supervisor opens a new one.
/// </summary>
internal sealed class RedisPhysicalConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Pipe _outgoing = new(new PipeOptions(
        pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, useSynchronizationContext: false));
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingReply> _pending = new();
    private readonly Func<RedisValue, bool>? _pushHandler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loops = Task.CompletedTask;

    private RedisPhysicalConnection(Stream stream, DnsEndPoint endPoint, Func<RedisValue, bool>? pushHandler, ILogger logger)
    {
        _stream = stream;
        EndPoint = endPoint;
        _pushHandler = pushHandler;
        _logger = logger;
    }

    public DnsEndPoint EndPoint { get; }

    /// <summary>Completes with the reason once the connection is gone.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    public static async Task<RedisPhysicalConnection> OpenAsync(DnsEndPoint endPoint, bool ssl,
        Func<RedisValue, bool>? pushHandler, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (ssl)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endPoint.Host }, cancellationToken);
                stream = tls;
            }
            var connection = new RedisPhysicalConnection(stream, endPoint, pushHandler, logger);
            connection._loops = Task.WhenAll(Task.Run(connection.SendLoopAsync), Task.Run(connection.ReadLoopAsync));
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a command and waits for its reply.</summary>
    /// <exception cref="RedisServerException">Redis answered with an error.</exception>
    /// <exception cref="RedisTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="RedisConnectionException">The connection is or went down.</exception>
    public async Task<RedisValue> ExecuteAsync(RedisArgument[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = await WriteAsync(command, cancellationToken);
        return await WaitAsync(pending, timeout, cancellationToken);
    }

    /// <summary>Writes a command, returning once it is queued for sending (in order with other writes).</summary>
    public async ValueTask<PendingReply> WriteAsync(RedisArgument[] command, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            var pending = new PendingReply(command.Length > 0 ? command[0].ToString() : "");
            // Queued before written: the reply cannot arrive before its entry.
            _pending.Enqueue(pending);
            RespWriter.WriteCommand(_outgoing.Writer, command);
            await _outgoing.Writer.FlushAsync(cancellationToken);
            if (IsClosed)
            {
                // Closed while we wrote: the close may have drained the queue before our entry.
                FailPending(await Closed);
            }
            return pending;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<RedisValue> WaitAsync(PendingReply pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException) when (!pending.Task.IsCompleted)
        {
            throw new RedisTimeoutException(
                $"Timed out after {timeout.TotalMilliseconds} ms waiting for the reply to {pending.CommandName} " +
                $"from Redis at {EndPoint.Text()} ({_pending.Count} replies outstanding on this connection).");
        }
    }

    /// <summary>Drops the connection; pending commands fail with <paramref name="reason"/>.</summary>
    public void Abort(Exception reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }
        _shutdown.Cancel();
        _stream.Dispose();
        FailPending(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new RedisConnectionException($"The connection to Redis at {EndPoint.Text()} was closed by this client."));
        await _loops;
        _shutdown.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_shutdown.Token);
                foreach (var segment in result.Buffer)
                {
                    await _stream.WriteAsync(segment, _shutdown.Token);
                }
                await _stream.FlushAsync(_shutdown.Token);
                reader.AdvanceTo(result.Buffer.End);
            }
        }
        catch (Exception ex)
        {
            Abort(new RedisConnectionException($"Writing to Redis at {EndPoint.Text()} failed: {ex.Message}", ex));
        }
        finally
        {
            // Unblocks writers waiting on a full pipe; later flushes complete at once.
            await reader.CompleteAsync();
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Exception reason;
        try
        {
            reason = await ReadFramesAsync(reader);
        }
        catch (InvalidDataException ex)
        {
            RedisLog.ProtocolError(_logger, EndPoint.Text(), ex);
            reason = new RedisConnectionException($"Redis at {EndPoint.Text()} sent invalid data: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            reason = new RedisConnectionException($"Reading from Redis at {EndPoint.Text()} failed: {ex.Message}", ex);
        }
        Abort(reason);
        await reader.CompleteAsync();
    }

    private async Task<Exception> ReadFramesAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync(_shutdown.Token);
            var buffer = result.Buffer;
            while (RespReader.TryParse(ref buffer, out var frame))
            {
                Dispatch(frame);
            }
            // Examined to the end: the next read waits for new bytes instead of rescanning.
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return new RedisConnectionException($"Redis at {EndPoint.Text()} closed the connection.");
            }
        }
    }

    private void Dispatch(RedisValue frame)
    {
        if (_pushHandler is not null && _pushHandler(frame))
        {
            return;
        }
        if (!_pending.TryDequeue(out var pending))
        {
            throw new InvalidDataException($"Redis sent a reply ({Truncate(frame)}) with no command waiting for it.");
        }
        pending.Complete(frame);
    }

    private void FailPending(Exception reason)
    {
        while (_pending.TryDequeue(out var pending))
        {
            pending.TrySetException(new RedisConnectionException(
                $"The connection to Redis at {EndPoint.Text()} was lost before the reply to {pending.CommandName} arrived: {reason.Message}",
                reason));
        }
    }

    private void ThrowIfClosed()
    {
        if (Closed.IsCompleted)
        {
            var reason = Closed.Result;
            throw new RedisConnectionException($"The connection to Redis at {EndPoint.Text()} is closed: {reason.Message}", reason);
        }
    }

    private static string Truncate(RedisValue frame)
    {
        var text = frame.ToString();
        return text.Length <= 64 ? text : text[..64] + "...";
    }
}
