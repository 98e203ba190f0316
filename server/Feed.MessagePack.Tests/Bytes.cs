using System.Buffers;

namespace Feed.MessagePack.Tests;

internal delegate void WriteAction(ref MessagePackWriter writer);

internal delegate T ReadFunc<T>(ref MessagePackReader reader);

/// <summary>Hex in and out, and sequences split into many segments.</summary>
internal static class Bytes
{
    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Write(WriteAction write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        return ToHex(output.WrittenSpan);
    }

    /// <summary>Reads with <paramref name="read"/> and checks the whole input was consumed.</summary>
    public static T Read<T>(string hex, ReadFunc<T> read) => Read(new ReadOnlySequence<byte>(FromHex(hex)), read);

    public static T Read<T>(ReadOnlySequence<byte> input, ReadFunc<T> read)
    {
        var reader = new MessagePackReader(input);
        var value = read(ref reader);
        Assert.True(reader.End, $"{reader.Remaining} byte(s) left unread");
        return value;
    }

    /// <summary>The bytes as a sequence of segments of <paramref name="segmentSize"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, int segmentSize)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < data.Length; offset += segmentSize)
        {
            var chunk = data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset));
            var segment = new Segment(chunk, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.SetNext(segment);
            }
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
