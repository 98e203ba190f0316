using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Benchmarks;

/// <summary>
/// Writing and parsing <c>FeedUpdated</c> with 20 items: SignalR's MessagePack protocol (as the
/// server configures it) against SignalR's built-in JSON protocol (the baseline of each category) on the same message in the
/// same run. Writing goes into a reused output buffer, as the server writes into its pipe, so
/// "Allocated" is what the protocol itself allocates.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
[Config(typeof(Config))]
public class HubProtocolBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private ReadOnlySequence<byte> _jsonFrame;
    private ReadOnlySequence<byte> _messagePackFrame;

    private InvocationMessage _message = null!;

    [Params(FeedContent.Demo, FeedContent.LongText)]
    public FeedContent Content { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = FeedUpdatedFrames.Message(Content);
        _jsonFrame = new(FeedUpdatedFrames.Json.GetMessageBytes(_message));
        _messagePackFrame = new(FeedUpdatedFrames.MessagePack.GetMessageBytes(_message));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Write")]
    public int WriteJson() => Write(FeedUpdatedFrames.Json);

    [Benchmark, BenchmarkCategory("Write")]
    public int WriteMessagePack() => Write(FeedUpdatedFrames.MessagePack);

    [Benchmark(Baseline = true), BenchmarkCategory("Parse")]
    public HubMessage ParseJson() => Parse(FeedUpdatedFrames.Json, _jsonFrame);

    [Benchmark, BenchmarkCategory("Parse")]
    public HubMessage ParseMessagePack() => Parse(FeedUpdatedFrames.MessagePack, _messagePackFrame);

    private int Write(IHubProtocol protocol)
    {
        _output.ResetWrittenCount();
        protocol.WriteMessage(_message, _output);
        return _output.WrittenCount;
    }

    private static HubMessage Parse(IHubProtocol protocol, ReadOnlySequence<byte> frame)
    {
        return protocol.TryParseMessage(ref frame, FeedUpdatedFrames.Binder, out var message)
            ? message
            : throw new InvalidOperationException("The frame did not parse.");
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new FrameSizeColumn());
    }
}
