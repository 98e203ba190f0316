using System.Buffers;
using Feed.Core;
using MessagePack;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// Hub message bodies for fuzzing, from a seeded <see cref="Random"/> (so a failure is
/// reproducible): 70% mutations of valid client messages, 20% random MessagePack trees shaped
/// like hub messages, 10% random bytes. Bodies only: the caller adds a correct length prefix,
/// because a prefix promising more bytes than sent just makes the server wait for them.
/// </summary>
public sealed class MessagePackFuzzFrames(int seed)
{
    private static readonly byte[][] Seeds =
    [
        .. new HubMessage[]
        {
            new InvocationMessage("1", FeedHubMethods.GetFeed, [new FeedQuery("c", null, 5)]),
            new InvocationMessage("2", FeedHubMethods.GetFeed, [new FeedQuery()]),
            new InvocationMessage("3", FeedHubMethods.Publish, [new PublishRequest("fuzz ü ✨")]),
            new InvocationMessage(FeedHubMethods.Publish, [new PublishRequest("fire and forget")]),
            new InvocationMessage("4", FeedHubMethods.Follow, ["someone-else"]),
            new InvocationMessage("5", FeedHubMethods.Unfollow, ["someone-else"]) { Headers = new Dictionary<string, string> { ["h"] = "v" } },
            new StreamInvocationMessage("6", FeedHubMethods.GetFeed, [new FeedQuery()]),
            new CancelInvocationMessage("6"),
            PingMessage.Instance,
            CompletionMessage.WithResult("7", "result"),
            CompletionMessage.WithError("8", "error"),
            new StreamItemMessage("9", "item"),
            new AckMessage(1),
            new SequenceMessage(1),
            new CloseMessage("bye", false),
        }.Select(RawMessagePackSocket.Body),
    ];

    private static readonly byte[] Interesting =
    [
        0x00, 0x01, 0x05, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x91, 0x9f, 0xa0, 0xa1, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4,
        0xc5, 0xc6, 0xc7, 0xca, 0xcb, 0xcc, 0xcf, 0xd0, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
    ];

    private static readonly string[] Words =
        ["GetFeed", "Publish", "Follow", "Unfollow", "text", "limit", "before", "after", "", "ü✨", "1", "probe"];

    private readonly Random _random = new(seed);

    public (string Kind, byte[] Body) Next(int round) => (round % 10) switch
    {
        < 7 => ("mutated", Mutate(Seeds[_random.Next(Seeds.Length)])),
        < 9 => ("structured", Structured()),
        _ => ("random", _random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), _random.Next(1, 48))),
    };

    private byte[] Mutate(byte[] seed)
    {
        var bytes = seed.ToList();
        var mutations = _random.Next(1, 4);
        for (var i = 0; i < mutations && bytes.Count > 0; i++)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(7))
            {
                case 0: bytes[at] ^= (byte)(1 << _random.Next(8)); break;
                case 1: bytes[at] = Interesting[_random.Next(Interesting.Length)]; break;
                case 2: bytes[at] = (byte)_random.Next(256); break;
                case 3: bytes.Insert(at, Interesting[_random.Next(Interesting.Length)]); break;
                case 4: bytes.RemoveRange(at, Math.Min(_random.Next(1, 4), bytes.Count - at)); break;
                case 5: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                default: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(_random.Next(1, 8), bytes.Count - at))); break;
            }
        }
        return [.. bytes];
    }

    private byte[] Structured()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        var count = _random.Next(1, 8);
        writer.WriteArrayHeader(count);
        writer.Write(_random.Next(10) == 0 ? _random.Next(-5, 300) : _random.Next(1, 11)); // the message type
        for (var i = 1; i < count; i++)
        {
            WriteValue(ref writer, depth: 0);
        }
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private void WriteValue(ref MessagePackWriter writer, int depth)
    {
        switch (_random.Next(depth >= 3 ? 8 : 10))
        {
            case 0: writer.WriteNil(); break;
            case 1: writer.Write(_random.Next(2) == 0); break;
            case 2: writer.Write(_random.NextInt64(long.MinValue, long.MaxValue) >> _random.Next(64)); break;
            case 3: writer.Write(_random.NextDouble() * 1e6); break;
            case 4: writer.Write(Words[_random.Next(Words.Length)]); break;
            case 5: writer.WriteStringHeader(2); writer.WriteRaw(new byte[] { 0xc3, (byte)_random.Next(256) }); break; // maybe not UTF-8
            case 6: writer.Write(_random.GetItems<byte>([1, 2, 3], _random.Next(4)).AsSpan()); break;
            case 7: writer.WriteExtensionFormat(new ExtensionResult((sbyte)_random.Next(-2, 3), _random.GetItems<byte>([0, 0xff], _random.Next(13)))); break;
            case 8:
                var items = _random.Next(4);
                writer.WriteArrayHeader(items);
                for (var i = 0; i < items; i++)
                {
                    WriteValue(ref writer, depth + 1);
                }
                break;
            default:
                var pairs = _random.Next(4);
                writer.WriteMapHeader(pairs);
                for (var i = 0; i < pairs; i++)
                {
                    writer.Write(Words[_random.Next(Words.Length)]);
                    WriteValue(ref writer, depth + 1);
                }
                break;
        }
    }
}
