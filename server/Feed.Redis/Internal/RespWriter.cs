using System.Buffers;
using System.Buffers.Text;

namespace Feed.Redis.Internal;

/// <summary>Writes a command the way clients send them: an array of bulk strings.</summary>
internal static class RespWriter
{
    // "*" or "$", up to 11 digits for an int, CRLF.
    private const int MaxHeaderLength = 16;

    public static void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<RedisArgument> command)
    {
        if (command.IsEmpty)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(command));
        }
        WriteHeader(writer, (byte)'*', command.Length);
        foreach (var argument in command)
        {
            var length = argument.ByteCount;
            WriteHeader(writer, (byte)'$', length);
            var span = writer.GetSpan(length + 2);
            argument.CopyTo(span[..length]);
            span[length] = (byte)'\r';
            span[length + 1] = (byte)'\n';
            writer.Advance(length + 2);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte type, int count)
    {
        var span = writer.GetSpan(MaxHeaderLength);
        span[0] = type;
        Utf8Formatter.TryFormat(count, span[1..], out var digits);
        span[digits + 1] = (byte)'\r';
        span[digits + 2] = (byte)'\n';
        writer.Advance(digits + 3);
    }
}
