using System.Buffers;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Tests;

/// <summary>The byte sequences given in SignalR's HubProtocol.md, parsed and (where the spec's form is ours) written.</summary>
public sealed class HubProtocolSpecTests
{
    private static readonly Dictionary<string, string> Headers = new() { ["x"] = "y", ["z"] = "z" };

    public static TheoryData<string, string, bool> Examples => new()
    {
        { "invocation", "96 01 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90", true },
        { "non-blocking", "96 01 80 c0 a6 6d 65 74 68 6f 64 91 2a 90", true },
        { "stream invocation", "96 04 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90", true },
        { "stream item", "94 02 80 a3 78 79 7a 2a", true },
        { "error result", "95 03 80 a3 78 79 7a 01 a5 45 72 72 6f 72", true },
        { "void result", "94 03 80 a3 78 79 7a 02", true },
        { "non-void result", "95 03 80 a3 78 79 7a 03 2a", true },
        { "cancel", "93 05 80 a3 78 79 7a", true },
        { "ping", "91 06", true },
        { "close", "92 07 a3 78 79 7a", false }, // we always write allowReconnect: 93 07 a3 78 79 7a c2
        { "close reconnect", "93 07 a3 78 79 7a c3", true },
        { "ack", "92 08 cc 24", false }, // we write the smallest integer: 92 08 24
        { "sequence", "92 09 cc 13", false },
        { "headers", "96 01 82 a1 78 a1 79 a1 7a a1 7a a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90", true },
    };

    private static HubMessage Expected(string name) => name switch
    {
        "invocation" => new InvocationMessage("xyz", "method", [42]),
        "non-blocking" => new InvocationMessage(null, "method", [42]),
        "stream invocation" => new StreamInvocationMessage("xyz", "method", [42]),
        "stream item" => new StreamItemMessage("xyz", 42),
        "error result" => CompletionMessage.WithError("xyz", "Error"),
        "void result" => CompletionMessage.Empty("xyz"),
        "non-void result" => CompletionMessage.WithResult("xyz", 42),
        "cancel" => new CancelInvocationMessage("xyz"),
        "ping" => PingMessage.Instance,
        "close" => new CloseMessage("xyz"),
        "close reconnect" => new CloseMessage("xyz", allowReconnect: true),
        "ack" => new AckMessage(36),
        "sequence" => new SequenceMessage(19),
        _ => new InvocationMessage("xyz", "method", [42]) { Headers = Headers },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void SpecExamplesParse(string name, string hex, bool weWriteTheSameBytes)
    {
        var binder = new TestBinder();
        binder.Methods["method"] = [typeof(int)];
        binder.Streams["xyz"] = typeof(int);
        binder.Results["xyz"] = typeof(int);
        var protocol = HubFrames.Protocol();
        var expected = Expected(name);

        var parsed = HubFrames.ParseOne(protocol, HubFrames.Frame(hex), binder);

        Assert.Equal(HubFrames.Describe(expected), HubFrames.Describe(parsed));
        if (weWriteTheSameBytes)
        {
            Assert.Equal(Bytes.ToHex(HubFrames.Frame(hex)), Bytes.ToHex(HubFrames.Write(protocol, expected)));
        }
    }

    [Fact]
    public void WeWriteCloseAckAndSequenceAsTheOfficialServerDoes()
    {
        var protocol = HubFrames.Protocol();
        Assert.Equal("079307a378797ac2", Bytes.ToHex(HubFrames.Write(protocol, new CloseMessage("xyz"))));
        Assert.Equal("049307c0c2", Bytes.ToHex(HubFrames.Write(protocol, CloseMessage.Empty)));
        Assert.Equal("03920824", Bytes.ToHex(HubFrames.Write(protocol, new AckMessage(36))));
        Assert.Equal("03920913", Bytes.ToHex(HubFrames.Write(protocol, new SequenceMessage(19))));
    }

    [Theory]
    [InlineData("0b", 11)]
    [InlineData("7f", 127)]
    [InlineData("8001", 128)]
    [InlineData("8029", 5248)]
    [InlineData("ff7f", 16383)]
    [InlineData("808001", 16384)]
    [InlineData("ffffffff07", int.MaxValue)]
    public void LengthPrefixIsAVarInt(string prefixHex, int length)
    {
        var prefix = new byte[5];
        var written = Feed.MessagePack.Protocol.BinaryFrame.WritePrefix(length, prefix);
        Assert.Equal(prefixHex, Bytes.ToHex(prefix.AsSpan(0, written)));
        Assert.Equal(written, Feed.MessagePack.Protocol.BinaryFrame.PrefixLength(length));
    }

    [Fact]
    public void SpecFramingExampleSplitsTwoFrames()
    {
        var input = new System.Buffers.ReadOnlySequence<byte>(Bytes.FromHex("0b 68656c6c6f0a776f726c64 02 0102"));
        Assert.True(Feed.MessagePack.Protocol.BinaryFrame.TryRead(ref input, out var first));
        Assert.Equal("hello\nworld", System.Text.Encoding.UTF8.GetString(first.ToArray()));
        Assert.True(Feed.MessagePack.Protocol.BinaryFrame.TryRead(ref input, out var second));
        Assert.Equal("0102", Bytes.ToHex(second.ToArray()));
        Assert.False(Feed.MessagePack.Protocol.BinaryFrame.TryRead(ref input, out _));
    }
}
