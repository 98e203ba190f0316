using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Feed.Mongo.Bson;
using Feed.Mongo.Wire;

namespace Feed.Mongo.Tests.Integration;

/// <summary>
/// A scripted OP_MSG server for failure cases a real server will not produce on demand: it
/// answers hello and ping, and on a chosen command either closes the socket or never replies.
/// </summary>
internal sealed class FakeMongoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _commands = new();
    private readonly string? _dropOn;
    private readonly string? _silentOn;
    private readonly Task _accepting;

    public FakeMongoServer(string? dropOnCommand = null, string? silentOnCommand = null)
    {
        _dropOn = dropOnCommand;
        _silentOn = silentOnCommand;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int CommandCount(string name) => _commands.GetValueOrDefault(name);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            while (true)
            {
                var request = await ReadFrameAsync(stream);
                var name = request.Body.GetElement(0).Name;
                _commands.AddOrUpdate(name, 1, (_, n) => n + 1);
                if (name == _dropOn)
                {
                    return;
                }
                if (name == _silentOn)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                var reply = name is "hello" or "isMaster"
                    ? new BsonDocument { { "isWritablePrimary", true }, { "maxWireVersion", 17 }, { "ok", 1.0 } }
                    : new BsonDocument("ok", 1.0);
                await stream.WriteAsync(Frame(request.RequestId, reply), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or EndOfStreamException)
        {
            // Client went away or the test ended.
        }
    }

    private async Task<OpMsgReply> ReadFrameAsync(NetworkStream stream)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, _stop.Token);
        var frame = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        header.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(4), _stop.Token);
        return OpMsgReader.Parse(frame);
    }

    private static byte[] Frame(int responseTo, BsonDocument body)
    {
        using var buffer = new BsonBuffer();
        OpMsgWriter.Write(buffer, 1, OpMsgFlags.None, body, "admin");
        var frame = buffer.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), responseTo);
        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
