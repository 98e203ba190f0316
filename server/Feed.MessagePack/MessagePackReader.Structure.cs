using System.Buffers;

namespace Feed.MessagePack;

// Containers. A declared element count is checked against the remaining bytes (every element
// takes at least one byte), so a hostile header cannot make a formatter allocate a huge array.
public ref partial struct MessagePackReader
{
    /// <summary>Reads an array header and returns the element count.</summary>
    public int ReadArrayHeader()
    {
        var code = PeekCode();
        Expect(MessagePackCode.TypeOf(code) == MessagePackType.Array, "an array");
        _input.Advance(1);
        long count = code switch
        {
            MessagePackCode.Array16 => ReadRawUInt16("array16 length"),
            MessagePackCode.Array32 => ReadRawUInt32("array32 length"),
            _ => code - MessagePackCode.MinFixArray,
        };
        return CheckCount(count, 1, "array");
    }

    /// <summary>Reads a map header and returns the number of key/value pairs.</summary>
    public int ReadMapHeader()
    {
        var code = PeekCode();
        Expect(MessagePackCode.TypeOf(code) == MessagePackType.Map, "a map");
        _input.Advance(1);
        long count = code switch
        {
            MessagePackCode.Map16 => ReadRawUInt16("map16 length"),
            MessagePackCode.Map32 => ReadRawUInt32("map32 length"),
            _ => code - MessagePackCode.MinFixMap,
        };
        return CheckCount(count, 2, "map");
    }

    /// <summary>
    /// Skips the next value, however deeply nested. Iterative (no recursion), so nesting
    /// depth cannot exhaust the stack.
    /// </summary>
    public void Skip()
    {
        long pending = 1;
        while (pending > 0)
        {
            pending--;
            switch (NextType)
            {
                case MessagePackType.Array:
                    pending += ReadArrayHeader();
                    break;
                case MessagePackType.Map:
                    pending += 2L * ReadMapHeader();
                    break;
                default:
                    SkipScalar();
                    break;
            }
        }
    }

    /// <summary>The next value's encoded bytes, as a slice of the input (no copy).</summary>
    public ReadOnlySequence<byte> ReadRaw()
    {
        var start = Position;
        Skip();
        return Sequence.Slice(start, Position);
    }

    private void SkipScalar()
    {
        var code = PeekCode();
        switch (MessagePackCode.TypeOf(code))
        {
            case MessagePackType.String:
                SkipPayload(ReadStringHeader(), "string");
                break;
            case MessagePackType.Binary:
                SkipPayload(ReadBinaryHeader(), "binary");
                break;
            case MessagePackType.Extension:
                SkipPayload(ReadExtensionHeader().Length, "extension");
                break;
            case MessagePackType.Float:
                _input.Advance(1);
                SkipPayload(code == MessagePackCode.Float32 ? 4 : 8, "float");
                break;
            case MessagePackType.Integer:
                ReadIntegerBits();
                break;
            default:
                _input.Advance(1); // nil, true, false
                break;
        }
    }

    private void ReadIntegerBits()
    {
        if (PeekCode() == MessagePackCode.UInt64)
        {
            ReadUInt64();
        }
        else
        {
            ReadInt64();
        }
    }

    private readonly int CheckCount(long count, int bytesPerElement, string what)
    {
        if (count > int.MaxValue || count * bytesPerElement > Remaining)
        {
            throw new InvalidDataException(
                $"A {what} at offset {Consumed} declares {count} element(s) but only {Remaining} byte(s) remain.");
        }
        return (int)count;
    }
}
