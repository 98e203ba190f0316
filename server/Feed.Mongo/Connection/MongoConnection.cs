using System.IO.Pipelines;
using System.Net.Sockets;
using Feed.Mongo.Auth;
using Feed.Mongo.Bson;
using Feed.Mongo.Internal;
using Feed.Mongo.Wire;
using Microsoft.Extensions.Logging;

namespace Feed.Mongo.Connection;

/// <summary>
/// One socket to one server. Exactly one operation is in flight at a time (the pool hands a
/// connection to one caller), so a reply is matched by checking its responseTo against the
/// request id just sent; this is also how MongoDB's own drivers use a connection. Any network
/// failure, timeout, cancellation or protocol violation marks the connection broken: its state
/// is unknown, so it is closed and never reused.
/// </summary>
internal sealed class MongoConnection : IAsyncDisposable
{
    private static int _lastRequestId;
    private static int _lastConnectionId;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly ILogger _logger;
    private int _busy;
    private int _closed;

    private MongoConnection(Socket socket, MongoServerAddress address, int generation, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _logger = logger;
        Address = address;
        Generation = generation;
        Id = Interlocked.Increment(ref _lastConnectionId);
    }

    public int Id { get; }

    public MongoServerAddress Address { get; }

    /// <summary>The pool generation this connection belongs to; a cleared pool drops older ones.</summary>
    public int Generation { get; }

    public ServerDescription Description { get; private set; } = ServerDescription.Initial;

    public bool IsBroken => Volatile.Read(ref _closed) != 0;

    /// <summary>Connects, runs the hello handshake and authenticates when credentials are given.</summary>
    public static async Task<MongoConnection> OpenAsync(MongoServerAddress address, MongoUrl url, int generation,
        ILogger logger, CancellationToken cancellationToken)
    {
        var socket = await SocketConnector.ConnectAsync(address, url.ConnectTimeout, cancellationToken);
        var connection = new MongoConnection(socket, address, generation, logger);
        try
        {
            connection.Description = await Handshake.RunAsync(connection, url, cancellationToken);
            if (url.HasCredentials)
            {
                await ScramAuthenticator.AuthenticateAsync(connection, url, cancellationToken);
            }
            MongoLog.ConnectionOpened(logger, connection.Id, address.ToString(), connection.Description.MaxWireVersion);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one command and waits for its reply body (not checked for ok).</summary>
    public async Task<BsonDocument> RunCommandAsync(string database, BsonDocument command,
        IReadOnlyList<DocumentSequence>? sequences, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = command.Count > 0 ? command.GetElement(0).Name : "?";
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException($"connection {Id} already has an operation in flight");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var requestId = Interlocked.Increment(ref _lastRequestId);
            await SendAsync(requestId, database, command, sequences, deadline.Token);
            var reply = await ReadReplyAsync(deadline.Token);
            if (reply.ResponseTo != requestId)
            {
                throw new InvalidDataException($"reply answers request {reply.ResponseTo}, expected {requestId}");
            }
            if ((reply.Flags & OpMsgFlags.MoreToCome) != 0)
            {
                throw new InvalidDataException("server set moreToCome although exhaustAllowed was not requested");
            }
            return reply.Body;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Break($"'{name}' was cancelled mid-flight");
            throw;
        }
        catch (OperationCanceledException e)
        {
            Break($"'{name}' timed out");
            throw new MongoOperationTimeoutException($"'{name}' on {Address} got no reply within {timeout.TotalMilliseconds:0} ms; the connection was discarded", e);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Break(e.Message);
            throw new MongoConnectionException($"network error during '{name}' on {Address}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or MongoConnectionException)
        {
            Break(e.Message);
            throw;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task SendAsync(int requestId, string database, BsonDocument command,
        IReadOnlyList<DocumentSequence>? sequences, CancellationToken cancellationToken)
    {
        using var buffer = new BsonBuffer(1024);
        OpMsgWriter.Write(buffer, requestId, OpMsgFlags.None, command, database, sequences);
        if (buffer.WrittenCount > Description.MaxMessageSizeBytes)
        {
            throw new ArgumentException($"'{command.GetElement(0).Name}' message is {buffer.WrittenCount} bytes, over the server's maxMessageSizeBytes {Description.MaxMessageSizeBytes}");
        }
        await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    private async Task<OpMsgReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var maxReply = Math.Max(Description.MaxMessageSizeBytes, ServerDescription.DefaultMaxMessageSizeBytes) + 16 * 1024;
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (OpMsgReader.TryParse(ref buffer, maxReply, out var reply))
            {
                _reader.AdvanceTo(buffer.Start);
                return reply;
            }
            if (result.IsCompleted)
            {
                throw new MongoConnectionException($"{Address} closed the connection");
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void Break(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            MongoLog.ConnectionDiscarded(_logger, Id, Address.ToString(), reason);
            _socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
