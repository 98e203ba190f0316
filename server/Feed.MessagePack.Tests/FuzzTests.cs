using System.Buffers;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Tests;

/// <summary>
/// Random and mutated frames: parsing may only produce messages (binding failures included) or
/// InvalidDataException, and always makes progress. Seeded, so a failure names a reproducible case.
/// </summary>
public sealed class FuzzTests
{
    private readonly MessagePackHubProtocol _protocol = HubFrames.Protocol();
    private readonly TestBinder _binder = new();
    private readonly List<byte[]> _seeds;

    public FuzzTests()
    {
        _binder.Methods["Send"] = [typeof(object), typeof(List<string>), typeof(Point), typeof(Dictionary<string, int?>), typeof(byte[])];
        _binder.Methods["Go"] = [typeof(long)];
        _binder.Results["1"] = typeof(Point);
        _binder.Results["2"] = typeof(RawResult);
        _binder.Streams["1"] = typeof(object);
        _seeds =
        [
            .. new HubMessage[]
            {
                new InvocationMessage("1", "Send", [new Dictionary<string, object?> { ["a"] = new List<object?> { 1, "x", null } },
                    new List<string> { "p", "q" }, new Point(1, 2, "l"), new Dictionary<string, int?> { ["k"] = null }, new byte[] { 9 }], ["1"])
                    { Headers = new Dictionary<string, string> { ["h"] = "v" } },
                new InvocationMessage("Go", [long.MinValue]),
                new StreamInvocationMessage("1", "Go", [3L]),
                new StreamItemMessage("1", new List<object?> { 1.5, true, DateTime.UnixEpoch }),
                CompletionMessage.WithResult("1", new Point(5, 6, null)),
                CompletionMessage.WithResult("2", new List<object?> { 1, 2 }),
                CompletionMessage.WithError("1", "boom"),
                CompletionMessage.Empty("1"),
                new CancelInvocationMessage("1"), PingMessage.Instance, new CloseMessage("e", true),
                new AckMessage(7), new SequenceMessage(8),
            }.Select(message => HubFrames.Write(_protocol, message)),
        ];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MutatedFramesOnlyEverThrowInvalidDataException(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 3000; round++)
        {
            var frame = Mutate(random, _seeds[random.Next(_seeds.Count)]);
            Feed(frame, $"seed {seed} round {round}", random.Next(1, 8));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RandomBytesOnlyEverThrowInvalidDataException(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 3000; round++)
        {
            var body = new byte[random.Next(0, 40)];
            random.NextBytes(body);
            if (body.Length > 0 && random.Next(2) == 0)
            {
                body[0] = (byte)(0x91 + random.Next(6)); // a plausible message array
            }
            if (body.Length > 1 && random.Next(2) == 0)
            {
                body[1] = (byte)random.Next(0, 11); // a plausible message type
            }
            Feed(HubFrames.Frame(Bytes.ToHex(body)), $"seed {seed} round {round}", random.Next(1, 8));
        }
    }

    private void Feed(byte[] bytes, string context, int segmentSize)
    {
        var input = Segments.Split(bytes, segmentSize);
        try
        {
            while (true)
            {
                var before = input.Length;
                if (!_protocol.TryParseMessage(ref input, _binder, out var message))
                {
                    return;
                }
                Assert.NotNull(message);
                Assert.True(input.Length < before, $"no progress ({context}): {Bytes.ToHex(bytes)}");
            }
        }
        catch (InvalidDataException)
        {
            // The only acceptable failure.
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name} ({context}) on {Bytes.ToHex(bytes)}: {ex}");
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        if (random.Next(3) == 0 && bytes.Count > 1)
        {
            // Keep the length prefix consistent so the mutation reaches the message parser.
            var body = bytes.Skip(1).ToArray();
            return HubFrames.Frame(Bytes.ToHex(body));
        }
        return [.. bytes];
    }
}
