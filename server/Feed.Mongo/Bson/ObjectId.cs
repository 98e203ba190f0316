using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Feed.Mongo.Bson;

/// <summary>
/// A 12-byte BSON ObjectId: 4-byte big-endian seconds since the epoch, a 5-byte value random
/// per process, a 3-byte big-endian counter starting at a random value. Orders bytewise, which
/// is creation order to the second.
/// </summary>
public readonly struct ObjectId : IEquatable<ObjectId>, IComparable<ObjectId>
{
    public const int Size = 12;

    private static readonly byte[] ProcessRandom = RandomNumberGenerator.GetBytes(5);
    private static int _counter = RandomNumberGenerator.GetInt32(0, 0x1000000);

    // Big-endian words, so comparing them in order compares the bytes in order.
    private readonly uint _a;
    private readonly uint _b;
    private readonly uint _c;

    public ObjectId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an ObjectId is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        _a = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        _c = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
    }

    public static ObjectId Empty => default;

    /// <summary>When the id was generated, to the second.</summary>
    public DateTime CreationTime => DateTimeOffset.FromUnixTimeSeconds(_a).UtcDateTime;

    public static ObjectId GenerateNewId() => GenerateNewId(DateTimeOffset.UtcNow);

    public static ObjectId GenerateNewId(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)time.ToUnixTimeSeconds());
        ProcessRandom.CopyTo(bytes[4..]);
        var counter = Interlocked.Increment(ref _counter) & 0xFFFFFF;
        bytes[9] = (byte)(counter >> 16);
        bytes[10] = (byte)(counter >> 8);
        bytes[11] = (byte)counter;
        return new ObjectId(bytes);
    }

    public static ObjectId Parse(string hex) =>
        TryParse(hex, out var id) ? id : throw new FormatException($"'{hex}' is not a 24-digit hex ObjectId");

    public static bool TryParse(ReadOnlySpan<char> hex, out ObjectId id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (hex.Length != Size * 2 || Convert.FromHexString(hex, bytes, out _, out var written)
            != System.Buffers.OperationStatus.Done || written != Size)
        {
            id = default;
            return false;
        }
        id = new ObjectId(bytes);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _c);
    }

    public byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>24 lowercase hex digits, as MongoDB shells and drivers print it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(ObjectId other) => _a == other._a && _b == other._b && _c == other._c;

    public override bool Equals(object? obj) => obj is ObjectId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    public int CompareTo(ObjectId other)
    {
        var byA = _a.CompareTo(other._a);
        if (byA != 0)
        {
            return byA;
        }
        var byB = _b.CompareTo(other._b);
        return byB != 0 ? byB : _c.CompareTo(other._c);
    }

    public static bool operator ==(ObjectId left, ObjectId right) => left.Equals(right);

    public static bool operator !=(ObjectId left, ObjectId right) => !left.Equals(right);

    public static bool operator <(ObjectId left, ObjectId right) => left.CompareTo(right) < 0;

    public static bool operator >(ObjectId left, ObjectId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ObjectId left, ObjectId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ObjectId left, ObjectId right) => left.CompareTo(right) >= 0;
}
