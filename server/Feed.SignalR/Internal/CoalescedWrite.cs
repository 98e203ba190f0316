using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Internal;

/// <summary>
/// Messages queued for one connection handed to it as one write: their bytes in the connection's
/// protocol back to back, which the client reads as the same messages (SignalR's messages delimit
/// themselves: a length prefix in MessagePack, a record separator in JSON). The connection's write
/// lock is taken and its pipe flushed once for the lot instead of once per message. The bytes are
/// copied once into a pooled buffer, returned by <see cref="Dispose"/> after the write completed.
/// Not for a connection with stateful reconnect: its message buffer numbers each write as one
/// message for acks, while the client counts every message.
/// </summary>
internal sealed class CoalescedWrite : IDisposable
{
    private byte[]? _buffer;

    private CoalescedWrite(SerializedHubMessage message, int count, byte[] buffer)
    {
        Message = message;
        Count = count;
        _buffer = buffer;
    }

    public SerializedHubMessage Message { get; }

    /// <summary>How many messages it carries.</summary>
    public int Count { get; }

    public static CoalescedWrite Combine(List<SerializedHubMessage> messages, IHubProtocol protocol)
    {
        // Two passes instead of an array of the parts: a message serializes once and caches its bytes.
        var length = 0;
        foreach (var message in messages)
        {
            length += message.GetSerializedMessage(protocol).Length;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var offset = 0;
        foreach (var message in messages)
        {
            var part = message.GetSerializedMessage(protocol);
            part.Span.CopyTo(buffer.AsSpan(offset));
            offset += part.Length;
        }
        var combined = new SerializedHubMessage([new SerializedMessage(protocol.Name, buffer.AsMemory(0, length))]);
        return new CoalescedWrite(combined, messages.Count, buffer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
