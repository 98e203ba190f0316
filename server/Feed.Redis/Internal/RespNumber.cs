using System.Buffers;

namespace Feed.Redis.Internal;

/// <summary>Decimal numbers in RESP lines: integers, and lengths/counts where -1 means null.</summary>
internal static class RespNumber
{
    // long.MinValue has 19 digits plus a sign.
    private const int MaxDigits = 20;

    /// <summary>Parses <c>[+|-]digits</c> as a signed 64-bit integer.</summary>
    public static long ParseInteger(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty || line.Length > MaxDigits)
        {
            throw new InvalidDataException($"RESP integer '{Show(line)}' is empty or too long.");
        }
        Span<byte> text = stackalloc byte[MaxDigits];
        line.CopyTo(text);
        text = text[..(int)line.Length];

        var negative = text[0] == (byte)'-';
        var digits = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (digits.IsEmpty)
        {
            throw new InvalidDataException($"RESP integer '{Show(line)}' has no digits.");
        }
        // Accumulate as a negative number: its range holds long.MinValue too.
        var value = 0L;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                throw new InvalidDataException($"RESP integer '{Show(line)}' is not a decimal number.");
            }
            if (value < (long.MinValue + (digit - '0')) / 10)
            {
                throw new InvalidDataException($"RESP integer '{Show(line)}' does not fit in 64 bits.");
            }
            value = value * 10 - (digit - '0');
        }
        if (!negative)
        {
            return value == long.MinValue
                ? throw new InvalidDataException($"RESP integer '{Show(line)}' does not fit in 64 bits.")
                : -value;
        }
        return value;
    }

    /// <summary>Parses a bulk length or array count: -1 (null) or 0..<paramref name="max"/>.</summary>
    public static long ParseLength(ReadOnlySequence<byte> line, long max, string what)
    {
        var length = ParseInteger(line);
        if (length < -1)
        {
            throw new InvalidDataException($"RESP {what} length {length} is negative.");
        }
        if (length > max)
        {
            throw new InvalidDataException($"RESP {what} length {length} exceeds the limit of {max}.");
        }
        return length;
    }

    private static string Show(ReadOnlySequence<byte> line) =>
        System.Text.Encoding.ASCII.GetString(line.Slice(0, Math.Min(line.Length, 32)).ToArray());
}
