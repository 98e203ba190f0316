using System.Buffers;

namespace Feed.MessagePack.Tests;

internal delegate void WriteAction(ref MessagePackWriter writer);

internal delegate T ReadFunc<T>(ref MessagePackReader reader);

/// <summary>Hex in and out, and whole-input reads.</summary>
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
}
