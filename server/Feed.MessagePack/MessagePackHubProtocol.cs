using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Feed.MessagePack.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace Feed.MessagePack;

/// <summary>
/// SignalR's "messagepack" hub protocol (version 2, binary), interoperable with the official
/// clients, as specified in aspnetcore's <c>src/SignalR/docs/specs/HubProtocol.md</c>.
/// <para>
/// Framing: every message is <c>[VarInt length][body]</c>; the length is 1 to 5 bytes, 7 bits
/// per byte, least significant first, high bit = more bytes follow, at most 2 GB.
/// </para>
/// <para>
/// Body: one MessagePack array whose first item is the message type. Headers are a map of
/// string to string (0x80 when empty).
/// <list type="bullet">
/// <item>1 Invocation: <c>[1, headers, invocationId or nil (non-blocking), target, [arguments], [streamIds]]</c> (streamIds optional on input)</item>
/// <item>2 StreamItem: <c>[2, headers, invocationId, item]</c></item>
/// <item>3 Completion: <c>[3, headers, invocationId, resultKind, result?]</c>; resultKind 1 = error (result is the
/// message), 2 = void (no result), 3 = value</item>
/// <item>4 StreamInvocation: <c>[4, headers, invocationId, target, [arguments], [streamIds]]</c></item>
/// <item>5 CancelInvocation: <c>[5, headers, invocationId]</c></item>
/// <item>6 Ping: <c>[6]</c>, always exactly 0x91 0x06</item>
/// <item>7 Close: <c>[7, error or nil, allowReconnect?]</c></item>
/// <item>8 Ack: <c>[8, sequenceId]</c>; 9 Sequence: <c>[9, sequenceId]</c> (stateful reconnect)</item>
/// </list>
/// Unknown message types are skipped (newer peers may add types); extra trailing items in a
/// known message are ignored. Malformed frames throw <see cref="InvalidDataException"/>;
/// arguments that do not bind to the target's parameter types give an
/// <see cref="InvocationBindingFailureMessage"/> or <see cref="StreamBindingFailureMessage"/>,
/// so the server answers with an error and keeps the connection.
/// </para>
/// <para>
/// Values are written and read by <see cref="IMessagePackFormatter{T}"/>s registered in
/// <see cref="MessagePackHubProtocolOptions.Formatters"/>; objects are maps with camelCase keys,
/// like the JSON protocol.
/// </para>
/// </summary>
public sealed class MessagePackHubProtocol : IHubProtocol
{
    public const string ProtocolName = "messagepack";

    private readonly HubMessageParser _parser;
    private readonly HubMessageSerializer _serializer;
    private readonly ObjectPool<PooledBufferWriter> _buffers = PooledBufferWriter.CreatePool();
    private readonly int _maxDepth;

    public MessagePackHubProtocol()
        : this(new MessagePackHubProtocolOptions())
    {
    }

    public MessagePackHubProtocol(IOptions<MessagePackHubProtocolOptions> options)
        : this(options.Value)
    {
    }

    public MessagePackHubProtocol(MessagePackHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Resolver = new MessagePackFormatterResolver(options.Formatters);
        _maxDepth = options.MaxDepth;
        _parser = new HubMessageParser(Resolver);
        _serializer = new HubMessageSerializer(Resolver);
    }

    public string Name => ProtocolName;

    public int Version => 2;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    /// <summary>The formatters this protocol uses, for writing or reading values outside hub messages.</summary>
    public MessagePackFormatterResolver Resolver { get; }

    public bool IsVersionSupported(int version) => version <= Version;

    /// <summary>
    /// Parses the next message; false when no whole frame is left. Frames of unknown message
    /// types are consumed and skipped. <paramref name="input"/> is advanced past what was used.
    /// </summary>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        ArgumentNullException.ThrowIfNull(binder);
        while (BinaryFrame.TryRead(ref input, out var payload))
        {
            var reader = new MessagePackReader(payload, _maxDepth);
            message = _parser.Parse(ref reader, binder);
            if (message is not null)
            {
                return true;
            }
        }
        message = null;
        return false;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = WriteBody(message);
        try
        {
            var prefix = output.GetSpan(BinaryFrame.MaxPrefixLength);
            output.Advance(BinaryFrame.WritePrefix(buffer.WrittenCount, prefix));
            output.Write(buffer.WrittenSpan);
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        var buffer = WriteBody(message);
        try
        {
            var body = buffer.WrittenSpan;
            var bytes = new byte[BinaryFrame.PrefixLength(body.Length) + body.Length];
            var prefixLength = BinaryFrame.WritePrefix(body.Length, bytes);
            body.CopyTo(bytes.AsSpan(prefixLength));
            return bytes;
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private PooledBufferWriter WriteBody(HubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = _buffers.Get();
        try
        {
            var writer = new MessagePackWriter(buffer);
            _serializer.Write(message, ref writer);
            return buffer;
        }
        catch
        {
            _buffers.Return(buffer);
            throw;
        }
    }
}
