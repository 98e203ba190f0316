using System.Buffers;

namespace Feed.Redis.Internal;

/// <summary>
/// Reads RESP2 frames (https://redis.io/docs/latest/develop/reference/protocol-spec/):
/// <c>+status</c>, <c>-error</c>, <c>:integer</c>, <c>$len bytes</c> (<c>$-1</c> null) and
/// <c>*count values</c> (<c>*-1</c> null), every line ended by CRLF.
/// A frame is first scanned without allocating, then built only once it is complete, so a
/// hostile length or count costs nothing until the bytes it announces have really arrived.
/// </summary>
internal static class RespReader
{
    /// <summary>Redis's own limit for a bulk string (proto-max-bulk-len).</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    public const int MaxArrayLength = 16 * 1024 * 1024;

    /// <summary>Replies nest a few levels (EXEC, XREAD, COMMAND); deeper is an attack on the stack.</summary>
    public const int MaxDepth = 32;

    /// <summary>Status, error and header lines are short; a longer one without CRLF is not RESP.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>
    /// Reads one frame from the start of <paramref name="input"/> and slices it off.
    /// Returns false, leaving <paramref name="input"/> as it was, when the frame is not complete.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not RESP2 or break a limit.</exception>
    public static bool TryParse(ref ReadOnlySequence<byte> input, out RedisValue value)
    {
        var scanner = new SequenceReader<byte>(input);
        if (!TrySkipValue(ref scanner, depth: 0))
        {
            value = default;
            return false;
        }

        var builder = new SequenceReader<byte>(input.Slice(0, scanner.Position));
        value = ReadValue(ref builder);
        input = input.Slice(scanner.Position);
        return true;
    }

    private static bool TrySkipValue(ref SequenceReader<byte> reader, int depth)
    {
        if (!reader.TryRead(out var type) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }
        switch (type)
        {
            case (byte)'+':
            case (byte)'-':
                return true;
            case (byte)':':
                RespNumber.ParseInteger(line);
                return true;
            case (byte)'$':
                return TrySkipBulk(ref reader, RespNumber.ParseLength(line, MaxBulkLength, "bulk string"));
            case (byte)'*':
                return TrySkipArray(ref reader, RespNumber.ParseLength(line, MaxArrayLength, "array"), depth);
            default:
                throw UnknownType(type);
        }
    }

    private static bool TrySkipBulk(ref SequenceReader<byte> reader, long length)
    {
        if (length < 0)
        {
            return true;
        }
        if (reader.Remaining < length + 2)
        {
            return false;
        }
        reader.Advance(length);
        ExpectCrlf(ref reader);
        return true;
    }

    private static bool TrySkipArray(ref SequenceReader<byte> reader, long count, int depth)
    {
        if (count > 0 && depth + 1 > MaxDepth)
        {
            throw new InvalidDataException($"RESP arrays nest deeper than {MaxDepth} levels.");
        }
        for (var i = 0L; i < count; i++)
        {
            if (!TrySkipValue(ref reader, depth + 1))
            {
                return false;
            }
        }
        return true;
    }

    // Only called on a frame the scan has accepted, so every read here succeeds.
    private static RedisValue ReadValue(ref SequenceReader<byte> reader)
    {
        reader.TryRead(out var type);
        TryReadLine(ref reader, out var line);
        switch (type)
        {
            case (byte)'+':
                return RedisValue.SimpleString(line.ToArray());
            case (byte)'-':
                return RedisValue.Error(line.ToArray());
            case (byte)':':
                return RedisValue.Integer(RespNumber.ParseInteger(line));
            case (byte)'$':
                return ReadBulk(ref reader, RespNumber.ParseLength(line, MaxBulkLength, "bulk string"));
            default:
                return ReadArray(ref reader, RespNumber.ParseLength(line, MaxArrayLength, "array"));
        }
    }

    private static RedisValue ReadBulk(ref SequenceReader<byte> reader, long length)
    {
        if (length < 0)
        {
            return RedisValue.BulkString(null);
        }
        var bytes = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length + 2);
        return RedisValue.BulkString(bytes);
    }

    private static RedisValue ReadArray(ref SequenceReader<byte> reader, long count)
    {
        if (count < 0)
        {
            return RedisValue.Array(null);
        }
        var items = new RedisValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadValue(ref reader);
        }
        return RedisValue.Array(items);
    }

    /// <summary>Reads up to CRLF; the line excludes it and must not hold a bare CR or LF.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw new InvalidDataException($"RESP line longer than {MaxLineLength} bytes without CRLF.");
            }
            return false;
        }
        if (line.Length > MaxLineLength)
        {
            throw new InvalidDataException($"RESP line longer than {MaxLineLength} bytes.");
        }
        if (line.IsEmpty || line.Slice(line.Length - 1).FirstSpan[0] != (byte)'\r')
        {
            throw new InvalidDataException("RESP line ends with LF instead of CRLF.");
        }
        line = line.Slice(0, line.Length - 1);
        if (line.PositionOf((byte)'\r') is not null)
        {
            throw new InvalidDataException("RESP line holds a bare CR.");
        }
        return true;
    }

    private static void ExpectCrlf(ref SequenceReader<byte> reader)
    {
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new InvalidDataException("RESP bulk string is not followed by CRLF (its length is wrong).");
        }
    }

    private static InvalidDataException UnknownType(byte type) =>
        new(type is >= 0x20 and < 0x7f
            ? $"Unknown RESP type byte 0x{type:X2} ('{(char)type}'); only RESP2 (+ - : $ *) is spoken."
            : $"Unknown RESP type byte 0x{type:X2}; only RESP2 (+ - : $ *) is spoken.");
}
