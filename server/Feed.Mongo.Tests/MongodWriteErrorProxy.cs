using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Feed.Mongo.Tests;

/// <summary>
/// A TCP proxy in front of jongodb that answers an insert's duplicate key the way mongod does.
/// jongodb fails the whole command (<c>{ ok: 0, code: 11000 }</c>, which the driver raises as
/// <c>MongoCommandException</c>); mongod answers <c>{ ok: 1, n: 0, writeErrors: [{ index: 0,
/// code: 11000, errmsg }] }</c>, which the driver raises as <c>MongoWriteException</c> (one
/// document) or <c>MongoBulkWriteException</c> (several). That path is what production takes, and
/// its error types cannot be built by hand (their write-error constructors are internal).
/// Everything else passes through byte for byte. Wire format: OP_MSG (opcode 2013), a 16-byte
/// header then flag bits and sections; section kind 0 is the command or reply document.
/// </summary>
internal sealed class MongodWriteErrorProxy : IAsyncDisposable
{
    private const int OpMsg = 2013;
    private const int DuplicateKey = 11000;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private int _rewritten;

    public MongodWriteErrorProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many replies were rewritten, so a test knows the mongod path was taken.</summary>
    public int Rewritten => Volatile.Read(ref _rewritten);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            _sockets.Add(client);
            _sockets.Add(server);
            // Request ids of inserts in flight on this connection: their replies may need rewriting.
            var inserts = new ConcurrentDictionary<int, bool>();
            _ = PumpAsync(client.GetStream(), server.GetStream(), (header, message) =>
            {
                if (CommandName(message) == "insert")
                {
                    inserts[header.RequestId] = true;
                }
                return message;
            });
            _ = PumpAsync(server.GetStream(), client.GetStream(), (header, message) =>
                inserts.TryRemove(header.ResponseTo, out _) ? AsWriteError(message) : message);
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, Func<(int RequestId, int ResponseTo), byte[], byte[]> relay)
    {
        var header = new byte[16];
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(header);
                var message = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
                header.CopyTo(message, 0);
                await from.ReadExactlyAsync(message.AsMemory(16));
                var ids = (BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)), BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)));
                await to.WriteAsync(relay(ids, message));
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException)
        {
            // One side closed: close the other.
            to.Close();
        }
    }

    /// <summary>The first field's name of an OP_MSG's body (the command), if it is one.</summary>
    private static string? CommandName(byte[] message) =>
        Body(message) is { ElementCount: > 0 } body ? body.GetElement(0).Name : null;

    private byte[] AsWriteError(byte[] message)
    {
        if (Body(message) is not { } reply || reply.GetValue("ok", 1).ToDouble() != 0 || reply.GetValue("code", 0).ToInt32() != DuplicateKey)
        {
            return message;
        }
        Interlocked.Increment(ref _rewritten);
        var body = new BsonDocument
        {
            { "n", 0 },
            { "writeErrors", new BsonArray { new BsonDocument { { "index", 0 }, { "code", DuplicateKey }, { "errmsg", reply["errmsg"] } } } },
            { "ok", 1.0 },
        }.ToBson();
        var rewritten = new byte[16 + 4 + 1 + body.Length];
        message.AsSpan(0, 16).CopyTo(rewritten);
        BinaryPrimitives.WriteInt32LittleEndian(rewritten, rewritten.Length);
        BinaryPrimitives.WriteInt32LittleEndian(rewritten.AsSpan(12), OpMsg);
        // Flag bits (16-19) stay 0: no checksum, nothing more to come. Then one kind-0 section.
        rewritten[20] = 0;
        body.CopyTo(rewritten, 21);
        return rewritten;
    }

    /// <summary>The kind-0 section of an OP_MSG, or null for any other message.</summary>
    private static BsonDocument? Body(byte[] message)
    {
        if (BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(12)) != OpMsg)
        {
            return null;
        }
        var position = 20; // header, flag bits
        while (position < message.Length - 4)
        {
            var kind = message[position++];
            var size = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(position));
            if (kind == 0)
            {
                return BsonSerializer.Deserialize<BsonDocument>(message.AsSpan(position, size).ToArray());
            }
            position += size; // kind 1: a size-prefixed document sequence
        }
        return null;
    }
}
