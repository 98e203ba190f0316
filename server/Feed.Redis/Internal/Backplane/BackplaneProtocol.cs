using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// The backplane's messages on the wire. Each is a run of <see cref="WireFields"/>
/// (<c>tag | int32 LE length | value</c>); unknown tags are skipped and fields may come in any
/// order, so instances of different versions can share a Redis during a rolling deploy.
/// <code>
/// Invocation (all and partition channels)
///   1 origin      UTF-8   server name of the sender; the sender ignores its own message
///                         (it delivered to its local connections already)
///   2 excluded    UTF-8   a connection id not to deliver to; repeated
///   3 message     bytes   name length (1 byte) | hub protocol name | the message serialized
///                         with that protocol; one per protocol the sender knows
///   4 kind        byte    who it is for: 0 all, 1 connections, 2 groups, 3 users, 4 an audience
///   5 key         UTF-8   a connection id, group, user or audience name; repeated
/// Group command (internal:groups)
///   1 id          int64   matches the acks to the command
///   2 origin      UTF-8   server name of the sender, where the acks go
///   3 action      byte    1 add connection, 2 remove connection, 3 add user, 4 remove user,
///                         5 user joins audience, 6 user leaves audience (group = the audience)
///   4 group       UTF-8
///   5 target      UTF-8   the connection id or user id
/// Ack (internal:ack:{server})
///   1 id          int64   the command's id; every instance that got the command acks it
/// </code>
/// </summary>
internal static class BackplaneProtocol
{
    private const byte OriginTag = 1;
    private const byte ExcludedTag = 2;
    private const byte MessageTag = 3;
    private const byte KindTag = 4;
    private const byte KeyTag = 5;
    private const byte IdTag = 1;
    private const byte CommandOriginTag = 2;
    private const byte ActionTag = 3;
    private const byte GroupTag = 4;
    private const byte TargetTag = 5;

    /// <summary>Writes an invocation: the message serialized once with each protocol.</summary>
    public static void WriteInvocation(IBufferWriter<byte> output, string origin, SerializedHubMessage message,
        IReadOnlyList<IHubProtocol> protocols, IReadOnlyList<string>? excludedConnectionIds,
        TargetKind kind = TargetKind.All, IEnumerable<string>? keys = null)
    {
        WireFields.WriteString(output, OriginTag, origin);
        WireFields.WriteByte(output, KindTag, (byte)kind);
        foreach (var key in keys ?? [])
        {
            WireFields.WriteString(output, KeyTag, key);
        }
        foreach (var id in excludedConnectionIds ?? [])
        {
            WireFields.WriteString(output, ExcludedTag, id);
        }
        foreach (var protocol in protocols)
        {
            // Cached inside the SerializedHubMessage: local recipients reuse these same bytes.
            WireFields.WriteProtocolMessage(output, MessageTag, protocol.Name, message.GetSerializedMessage(protocol).Span);
        }
    }

    public static RedisInvocation ReadInvocation(ReadOnlyMemory<byte> input)
    {
        string? origin = null;
        List<string>? excluded = null;
        List<string>? keys = null;
        var kind = TargetKind.All;
        var messages = new List<SerializedMessage>(2);
        while (WireFields.TryRead(ref input, out var tag, out var value))
        {
            switch (tag)
            {
                case OriginTag:
                    origin = WireFields.ReadString(value);
                    break;
                case ExcludedTag:
                    (excluded ??= []).Add(WireFields.ReadString(value));
                    break;
                case MessageTag:
                    var (protocol, payload) = WireFields.ReadProtocolMessage(value, tag);
                    messages.Add(new SerializedMessage(protocol, payload));
                    break;
                case KindTag:
                    var read = WireFields.ReadByte(value, tag);
                    kind = Enum.IsDefined((TargetKind)read) ? (TargetKind)read
                        : throw new InvalidDataException($"Backplane invocation has unknown target kind {read} (field 4).");
                    break;
                case KeyTag:
                    (keys ??= []).Add(WireFields.ReadString(value));
                    break;
            }
        }
        if (kind != TargetKind.All && keys is null)
        {
            throw new InvalidDataException($"Backplane invocation for {kind} names none (field 5).");
        }
        if (origin is null || messages.Count == 0)
        {
            throw new InvalidDataException("Backplane invocation lacks its origin (field 1) or any serialized message (field 3).");
        }
        return new RedisInvocation(origin, excluded ?? (IReadOnlyList<string>)[], new SerializedHubMessage(messages), kind,
            keys ?? (IReadOnlyList<string>)[]);
    }

    public static void WriteGroupCommand(IBufferWriter<byte> output, GroupCommand command)
    {
        WireFields.WriteInt64(output, IdTag, command.Id);
        WireFields.WriteString(output, CommandOriginTag, command.Origin);
        WireFields.WriteByte(output, ActionTag, (byte)command.Action);
        WireFields.WriteString(output, GroupTag, command.Group);
        WireFields.WriteString(output, TargetTag, command.Target);
    }

    public static GroupCommand ReadGroupCommand(ReadOnlyMemory<byte> input)
    {
        long? id = null;
        string? origin = null, group = null, target = null;
        GroupAction? action = null;
        while (WireFields.TryRead(ref input, out var tag, out var value))
        {
            switch (tag)
            {
                case IdTag: id = WireFields.ReadInt64(value, tag); break;
                case CommandOriginTag: origin = WireFields.ReadString(value); break;
                case ActionTag: action = ReadAction(WireFields.ReadByte(value, tag)); break;
                case GroupTag: group = WireFields.ReadString(value); break;
                case TargetTag: target = WireFields.ReadString(value); break;
            }
        }
        if (id is null || origin is null || action is null || group is null || target is null)
        {
            throw new InvalidDataException("Backplane group command lacks one of its fields: id (1), origin (2), action (3), group (4), target (5).");
        }
        return new GroupCommand(id.Value, origin, action.Value, group, target);
    }

    public static void WriteAck(IBufferWriter<byte> output, long id) => WireFields.WriteInt64(output, IdTag, id);

    public static long ReadAck(ReadOnlyMemory<byte> input)
    {
        while (WireFields.TryRead(ref input, out var tag, out var value))
        {
            if (tag == IdTag)
            {
                return WireFields.ReadInt64(value, tag);
            }
        }
        throw new InvalidDataException("Backplane ack lacks its id (field 1).");
    }

    private static GroupAction ReadAction(byte value) => Enum.IsDefined((GroupAction)value)
        ? (GroupAction)value
        : throw new InvalidDataException($"Backplane group command has unknown action {value}.");
}
