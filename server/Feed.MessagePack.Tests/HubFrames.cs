using System.Buffers;
using System.Text.Json;
using Feed.MessagePack.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Tests;

/// <summary>Framing and comparison helpers for hub protocol tests.</summary>
internal static class HubFrames
{
    public static MessagePackHubProtocol Protocol()
    {
        var options = new MessagePackHubProtocolOptions();
        options.Formatters.Add(new PointFormatter());
        return new MessagePackHubProtocol(options);
    }

    /// <summary>A body (hex) with its VarInt length prefix.</summary>
    public static byte[] Frame(string bodyHex)
    {
        var body = Bytes.FromHex(bodyHex);
        var prefix = new byte[BinaryFrame.MaxPrefixLength];
        var prefixLength = BinaryFrame.WritePrefix(body.Length, prefix);
        return [.. prefix[..prefixLength], .. body];
    }

    public static HubMessage ParseOne(IHubProtocol protocol, byte[] frame, IInvocationBinder binder)
    {
        var input = new ReadOnlySequence<byte>(frame);
        Assert.True(protocol.TryParseMessage(ref input, binder, out var message));
        Assert.True(input.IsEmpty);
        return message;
    }

    public static byte[] Write(IHubProtocol protocol, HubMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The message type and its public properties, for comparing messages.</summary>
    public static string Describe(HubMessage message) =>
        message.GetType().Name + JsonSerializer.Serialize(message, message.GetType());
}
