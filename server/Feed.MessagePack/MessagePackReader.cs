using System.Buffers;

namespace Feed.MessagePack;

/// <summary>
/// Reads MessagePack values from a <see cref="ReadOnlySequence{T}"/>, which may span many
/// segments. Every read is bounds-checked: truncated or malformed input throws
/// <see cref="InvalidDataException"/> naming the problem and the offset, declared lengths are
/// checked against the bytes actually present before anything is allocated, and nesting is
/// limited by <see cref="MaxDepth"/> for readers that recurse (see <see cref="IncreaseDepth"/>).
/// </summary>
public ref partial struct MessagePackReader
{
    /// <summary>Default nesting limit: deep enough for any real payload, shallow enough for the stack.</summary>
    public const int DefaultMaxDepth = 64;

    private SequenceReader<byte> _input;
    private int _depth;

    public MessagePackReader(ReadOnlySequence<byte> input, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        _input = new SequenceReader<byte>(input);
        MaxDepth = maxDepth;
    }

    public MessagePackReader(ReadOnlyMemory<byte> input, int maxDepth = DefaultMaxDepth)
        : this(new ReadOnlySequence<byte>(input), maxDepth)
    {
    }

    /// <summary>The deepest nesting <see cref="IncreaseDepth"/> allows.</summary>
    public int MaxDepth { get; }

    /// <summary>How many containers the caller is inside (as counted by <see cref="IncreaseDepth"/>).</summary>
    public readonly int Depth => _depth;

    public readonly bool End => _input.End;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => _input.Consumed;

    /// <summary>Bytes not yet read.</summary>
    public readonly long Remaining => _input.Remaining;

    public readonly SequencePosition Position => _input.Position;

    /// <summary>The whole input this reader walks.</summary>
    public readonly ReadOnlySequence<byte> Sequence => _input.Sequence;

    /// <summary>The first byte of the next value (its format code), without consuming it.</summary>
    public readonly byte NextCode => PeekCode();

    /// <summary>The format family of the next value, without consuming it.</summary>
    public readonly MessagePackType NextType => MessagePackCode.TypeOf(PeekCode());

    /// <summary>
    /// Call when entering a container a formatter reads recursively; pair with
    /// <see cref="DecreaseDepth"/>. Throws once nesting exceeds <see cref="MaxDepth"/>, so
    /// hostile input cannot exhaust the stack.
    /// </summary>
    public void IncreaseDepth()
    {
        if (++_depth > MaxDepth)
        {
            throw new InvalidDataException(
                $"MessagePack data is nested deeper than the limit of {MaxDepth} at offset {Consumed}.");
        }
    }

    public void DecreaseDepth() => _depth--;

    /// <summary>Consumes a nil and returns true, or returns false leaving the input untouched.</summary>
    public bool TryReadNil()
    {
        if (!_input.End && PeekCode() == MessagePackCode.Nil)
        {
            _input.Advance(1);
            return true;
        }
        return false;
    }

    public void ReadNil()
    {
        Expect(PeekCode() == MessagePackCode.Nil, "nil");
        _input.Advance(1);
    }

    public bool ReadBoolean()
    {
        var code = PeekCode();
        Expect(code is MessagePackCode.True or MessagePackCode.False, "a boolean");
        _input.Advance(1);
        return code == MessagePackCode.True;
    }

    private readonly byte PeekCode()
    {
        if (!_input.TryPeek(out var code))
        {
            throw Truncated(1, "a value");
        }
        if (code == MessagePackCode.NeverUsed)
        {
            throw new InvalidDataException($"Byte 0xc1 at offset {Consumed} is never used in MessagePack.");
        }
        return code;
    }

    private readonly void Expect(bool matches, string expected)
    {
        if (!matches)
        {
            throw new InvalidDataException(
                $"Expected {expected} but found {MessagePackCode.Describe(PeekCode())} at offset {Consumed}.");
        }
    }

    private readonly InvalidDataException Truncated(long needed, string what) =>
        new($"MessagePack data ended unexpectedly at offset {Consumed}: {what} needs {needed} byte(s), {Remaining} remain.");

    private byte ReadRawByte(string what)
    {
        if (!_input.TryRead(out var value))
        {
            throw Truncated(1, what);
        }
        return value;
    }

    private ushort ReadRawUInt16(string what)
    {
        if (!_input.TryReadBigEndian(out short value))
        {
            throw Truncated(2, what);
        }
        return (ushort)value;
    }

    private uint ReadRawUInt32(string what)
    {
        if (!_input.TryReadBigEndian(out int value))
        {
            throw Truncated(4, what);
        }
        return (uint)value;
    }

    private ulong ReadRawUInt64(string what)
    {
        if (!_input.TryReadBigEndian(out long value))
        {
            throw Truncated(8, what);
        }
        return (ulong)value;
    }

    /// <summary>Skips <paramref name="count"/> bytes of a payload whose length was declared on the wire.</summary>
    private void SkipPayload(long count, string what)
    {
        if (_input.Remaining < count)
        {
            throw Truncated(count, what);
        }
        _input.Advance(count);
    }
}
