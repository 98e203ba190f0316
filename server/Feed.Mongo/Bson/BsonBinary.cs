namespace Feed.Mongo.Bson;

/// <summary>
/// Binary data with its subtype (0x00 generic, 0x04 UUID, 0x80+ user defined...). For the old
/// binary subtype 0x02 the bytes are the inner payload; the writer adds the inner length back.
/// </summary>
public sealed class BsonBinary : BsonValue
{
    public const byte GenericSubtype = 0x00;
    public const byte OldBinarySubtype = 0x02;
    public const byte UuidSubtype = 0x04;

    public BsonBinary(byte[] bytes, byte subtype = GenericSubtype)
    {
        Bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
        Subtype = subtype;
    }

    public byte[] Bytes { get; }

    public byte Subtype { get; }

    public override BsonType Type => BsonType.Binary;

    public override bool Equals(BsonValue? other) =>
        other is BsonBinary b && b.Subtype == Subtype && b.Bytes.AsSpan().SequenceEqual(Bytes);

    public override int GetHashCode() => HashCode.Combine(Subtype, Bytes.Length);

    public override string ToString() => $"Binary({Subtype:x2}, {Convert.ToBase64String(Bytes)})";
}
