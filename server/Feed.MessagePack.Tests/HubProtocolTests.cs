using System.Buffers;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.MessagePack.Tests;

public sealed class HubProtocolTests
{
    private static readonly Dictionary<string, string> Headers = new() { ["trace"] = "abc", ["ü"] = "" };

    private readonly MessagePackHubProtocol _protocol = HubFrames.Protocol();
    private readonly TestBinder _binder = new();

    public HubProtocolTests()
    {
        _binder.Methods["Send"] = [typeof(string), typeof(int), typeof(long?), typeof(double), typeof(bool), typeof(byte[]),
            typeof(List<string>), typeof(Point[]), typeof(Dictionary<string, object>), typeof(object)];
        _binder.Methods["Publish"] = [typeof(Point)];
        _binder.Methods["Nothing"] = [];
        _binder.Results["1"] = typeof(Point);
        _binder.Results["raw"] = typeof(RawResult);
        _binder.Streams["s1"] = typeof(int);
    }

    private static readonly string[] Names =
    [
        "invocation", "non-blocking", "stream invocation", "stream item", "error", "void", "result", "null result",
        "cancel", "ping", "close", "close reconnect", "close empty", "ack", "sequence", "headers", "no arguments",
    ];

    public static TheoryData<string> MessageNames => new(Names);

    private static HubMessage Message(string name) => name switch
    {
        "invocation" => new InvocationMessage("1", "Send",
            ["text €", -5, 1L << 40, 1.25, true, new byte[] { 1, 2 }, new List<string> { "a", "b" },
                new[] { new Point(1, 2, null) }, new Dictionary<string, object> { ["k"] = 1 }, "any"], ["s1", "s2"]),
        "non-blocking" => new InvocationMessage("Publish", [new Point(-1, 99, "p")]),
        "stream invocation" => new StreamInvocationMessage("7", "Publish", [new Point(0, 0, "")]),
        "stream item" => new StreamItemMessage("s1", 5),
        "error" => CompletionMessage.WithError("1", "It didn't work!"),
        "void" => CompletionMessage.Empty("1"),
        "result" => CompletionMessage.WithResult("1", new Point(3, 4, "r")),
        "null result" => CompletionMessage.WithResult("1", null),
        "cancel" => new CancelInvocationMessage("1"),
        "ping" => PingMessage.Instance,
        "close" => new CloseMessage("bye"),
        "close reconnect" => new CloseMessage("bye", allowReconnect: true),
        "close empty" => CloseMessage.Empty,
        "ack" => new AckMessage(long.MaxValue),
        "sequence" => new SequenceMessage(1),
        "headers" => new CancelInvocationMessage("1") { Headers = Headers },
        _ => new InvocationMessage("2", "Nothing", []),
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void EveryMessageTypeRoundTrips(string name)
    {
        var message = Message(name);
        var bytes = HubFrames.Write(_protocol, message);

        var parsed = HubFrames.ParseOne(_protocol, bytes, _binder);

        Assert.Equal(HubFrames.Describe(message), HubFrames.Describe(parsed));
        Assert.Equal(bytes, _protocol.GetMessageBytes(message).ToArray());
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void PartialFramesReturnFalseAndLeaveTheInput(string name)
    {
        var bytes = HubFrames.Write(_protocol, Message(name));
        for (var length = 0; length < bytes.Length; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(_protocol.TryParseMessage(ref input, _binder, out _));
            Assert.Equal(length, input.Length);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void FramesSplitAcrossSegmentsParse(int segmentSize)
    {
        var names = Names;
        var bytes = names.SelectMany(name => HubFrames.Write(_protocol, Message(name))).ToArray();
        var input = Segments.Split(bytes, segmentSize);

        foreach (var name in names)
        {
            Assert.True(_protocol.TryParseMessage(ref input, _binder, out var parsed));
            Assert.Equal(HubFrames.Describe(Message(name)), HubFrames.Describe(parsed));
        }
        Assert.False(_protocol.TryParseMessage(ref input, _binder, out _));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void UnknownMessageTypesAreSkipped()
    {
        var input = new ReadOnlySequence<byte>([.. HubFrames.Frame("93 63 80 a1 78"), .. HubFrames.Frame("91 06")]);
        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));
        Assert.IsType<PingMessage>(message);

        var unknownOnly = new ReadOnlySequence<byte>(HubFrames.Frame("92 0a c0"));
        Assert.False(_protocol.TryParseMessage(ref unknownOnly, _binder, out _));
        Assert.True(unknownOnly.IsEmpty); // consumed, so the caller does not wait on it forever
    }

    [Fact]
    public void ExtraTrailingItemsAndMissingStreamIdsAreAccepted()
    {
        var invocation = HubFrames.ParseOne(_protocol, HubFrames.Frame("95 01 80 a1 31 a7 4e6f7468696e67 90"), _binder);
        Assert.Null(Assert.IsType<InvocationMessage>(invocation).StreamIds);
        var ping = HubFrames.ParseOne(_protocol, HubFrames.Frame("93 06 c0 c0"), _binder);
        Assert.IsType<PingMessage>(ping);
    }

    [Theory]
    [InlineData("96 01 80 a1 31 a7 4e6f7468696e67 91 2a 90", "provides 1 argument(s) but target expects 0")]
    [InlineData("96 01 80 a1 31 a7 5075626c697368 91 a1 78", "Expected a map")]
    [InlineData("96 01 80 a1 31 a7 5075626c697368 91 81 a1 78 01", "Point is missing required key 'y'")]
    [InlineData("96 01 80 a1 31 a3 466f6f 90 90", "Unknown hub method 'Foo'")]
    public void ArgumentsThatDoNotBindGiveABindingFailure(string body, string reason)
    {
        var message = HubFrames.ParseOne(_protocol, HubFrames.Frame(body), _binder);
        var failure = Assert.IsType<InvocationBindingFailureMessage>(message);
        Assert.Equal("1", failure.InvocationId);
        Assert.Contains(reason, failure.BindingFailure.SourceException.Message + failure.BindingFailure.SourceException.InnerException?.Message);
    }

    [Fact]
    public void StreamItemsThatDoNotBindGiveAStreamBindingFailure()
    {
        var unknownStream = HubFrames.ParseOne(_protocol, HubFrames.Frame("94 02 80 a2 7339 2a"), _binder);
        Assert.Equal("s9", Assert.IsType<StreamBindingFailureMessage>(unknownStream).Id);
        var wrongType = HubFrames.ParseOne(_protocol, HubFrames.Frame("94 02 80 a2 7331 a1 78"), _binder);
        Assert.IsType<StreamBindingFailureMessage>(wrongType);
    }

    [Fact]
    public void ResultsAreBoundToTheInvocationsReturnType()
    {
        var wrongType = HubFrames.ParseOne(_protocol, HubFrames.Frame("95 03 80 a1 31 03 2a"), _binder);
        Assert.Contains("Error trying to deserialize result to Point", Assert.IsType<CompletionMessage>(wrongType).Error);

        var unknown = HubFrames.ParseOne(_protocol, HubFrames.Frame("95 03 80 a1 39 03 92 01 02"), _binder);
        Assert.Null(Assert.IsType<CompletionMessage>(unknown).Result);

        var raw = HubFrames.ParseOne(_protocol, HubFrames.Frame("95 03 80 a3 726177 03 92 01 a1 78"), _binder);
        var result = Assert.IsType<RawResult>(Assert.IsType<CompletionMessage>(raw).Result);
        Assert.Equal("9201a178", Bytes.ToHex(result.RawSerializedData.ToArray()));
        var relayed = HubFrames.Write(_protocol, CompletionMessage.WithResult("9", result));
        Assert.Equal("0a950380a139039201a178", Bytes.ToHex(relayed));
    }

    [Theory]
    [InlineData("", "ended unexpectedly")]
    [InlineData("90", "empty")]
    [InlineData("c0", "Expected an array")]
    [InlineData("91 a1 78", "messageType")]
    [InlineData("93 01 80 a1 31", "Invocation message has 3 item(s); at least 5 expected")]
    [InlineData("96 04 80 c0 a1 78 90 90", "invocation ID for StreamInvocation")]
    [InlineData("96 01 80 c0 a0 90 90", "empty target")]
    [InlineData("94 03 80 a1 31 04", "result kind 4")]
    [InlineData("94 03 80 a1 31 01", "Completion with an error message has 4 item(s)")]
    [InlineData("93 05 81 a1 78 01 a1 31", "headers[0].Value")]
    [InlineData("92 08 a1 78", "sequenceId")]
    [InlineData("96 01 80 a1 31 a7 4e6f7468696e67 90 91 c0", "streamIds")]
    [InlineData("93 07 c0 01", "allowReconnect")]
    [InlineData("93 05 80 a2 c328", "not valid UTF-8")]
    public void MalformedMessagesThrowInvalidDataException(string body, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => HubFrames.ParseOne(_protocol, HubFrames.Frame(body), _binder));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void LengthPrefixesOver2GBAreRejected()
    {
        var input = new ReadOnlySequence<byte>(Bytes.FromHex("ffffffff08"));
        Assert.Throws<InvalidDataException>(() => _protocol.TryParseMessage(ref input, _binder, out _));
        var sixBytes = new ReadOnlySequence<byte>(Bytes.FromHex("ffffffff8f01"));
        Assert.Throws<InvalidDataException>(() => _protocol.TryParseMessage(ref sixBytes, _binder, out _));
    }

    [Fact]
    public void WritingAllocatesNothingBeyondTheOutputOnceWarm()
    {
        var output = new ArrayBufferWriter<byte>(4096);
        var message = new InvocationMessage("FeedUpdated", ["text", 42, new Point(1, 2, "p")]);
        _protocol.WriteMessage(message, output);
        _protocol.WriteMessage(PingMessage.Instance, output);
        output.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            _protocol.WriteMessage(message, output);
            _protocol.WriteMessage(PingMessage.Instance, output);
            output.ResetWrittenCount();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ValuesWithoutAFormatterNameTheType()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            HubFrames.Write(_protocol, new InvocationMessage("Send", [new Uri("http://x")])));
        Assert.Contains("System.Uri", error.Message);
        Assert.Contains("MessagePackHubProtocolOptions.Formatters", error.Message);
    }

    [Fact]
    public void DescribesItselfLikeTheOfficialProtocol()
    {
        Assert.Equal("messagepack", _protocol.Name);
        Assert.Equal(2, _protocol.Version);
        Assert.Equal(Microsoft.AspNetCore.Connections.TransferFormat.Binary, _protocol.TransferFormat);
        Assert.True(_protocol.IsVersionSupported(1));
        Assert.True(_protocol.IsVersionSupported(2));
        Assert.False(_protocol.IsVersionSupported(3));
    }

    [Fact]
    public void AddMessagePackProtocolRegistersOnceWithTheConfiguredFormatters()
    {
        var services = new ServiceCollection();
        services.AddSignalR()
            .AddMessagePackProtocol(options => options.Formatters.Add(new PointFormatter()))
            .AddMessagePackProtocol();
        using var provider = services.BuildServiceProvider();

        var protocols = provider.GetServices<IHubProtocol>().Where(p => p.Name == "messagepack").ToList();

        var protocol = Assert.IsType<MessagePackHubProtocol>(Assert.Single(protocols));
        Assert.NotNull(protocol.Resolver.Get<Point>());
    }
}
