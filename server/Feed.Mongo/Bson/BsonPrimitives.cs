namespace Feed.Mongo.Bson;

// The everyday scalar types, each a thin immutable wrapper.

public sealed class BsonDouble(double value) : BsonValue
{
    public double Value { get; } = value;
    public override BsonType Type => BsonType.Double;
    // Bitwise, so NaN payloads and -0.0 compare the way they round-trip.
    public override bool Equals(BsonValue? other) =>
        other is BsonDouble d && BitConverter.DoubleToInt64Bits(d.Value) == BitConverter.DoubleToInt64Bits(Value);
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class BsonString(string value) : BsonValue
{
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
    public override BsonType Type => BsonType.String;
    public override bool Equals(BsonValue? other) => other is BsonString s && s.Value == Value;
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Value;
}

public sealed class BsonInt32(int value) : BsonValue
{
    public int Value { get; } = value;
    public override BsonType Type => BsonType.Int32;
    public override bool Equals(BsonValue? other) => other is BsonInt32 i && i.Value == Value;
    public override int GetHashCode() => Value;
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class BsonInt64(long value) : BsonValue
{
    public long Value { get; } = value;
    public override BsonType Type => BsonType.Int64;
    public override bool Equals(BsonValue? other) => other is BsonInt64 l && l.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class BsonBoolean : BsonValue
{
    public static readonly BsonBoolean True = new(true);
    public static readonly BsonBoolean False = new(false);

    private BsonBoolean(bool value) => Value = value;

    public bool Value { get; }
    public override BsonType Type => BsonType.Boolean;
    public override bool Equals(BsonValue? other) => other is BsonBoolean b && b.Value == Value;
    public override int GetHashCode() => Value ? 1 : 0;
    public override string ToString() => Value ? "true" : "false";
}

public sealed class BsonNull : BsonValue
{
    public static readonly BsonNull Value = new();

    private BsonNull()
    {
    }

    public override BsonType Type => BsonType.Null;
    public override bool Equals(BsonValue? other) => other is BsonNull;
    public override int GetHashCode() => 0;
    public override string ToString() => "null";
}

public sealed class BsonObjectId(ObjectId value) : BsonValue
{
    public ObjectId Value { get; } = value;
    public override BsonType Type => BsonType.ObjectId;
    public override bool Equals(BsonValue? other) => other is BsonObjectId o && o.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value.ToString();
}

/// <summary>UTC datetime: signed milliseconds since the Unix epoch (may exceed DateTime's range).</summary>
public sealed class BsonDateTime : BsonValue
{
    public BsonDateTime(long millisecondsSinceEpoch) => MillisecondsSinceEpoch = millisecondsSinceEpoch;

    public BsonDateTime(DateTime value)
        : this(new DateTimeOffset(value.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime()))
    {
    }

    public BsonDateTime(DateTimeOffset value) => MillisecondsSinceEpoch = value.ToUnixTimeMilliseconds();

    public long MillisecondsSinceEpoch { get; }
    public override BsonType Type => BsonType.DateTime;

    public DateTime ToDateTime() => DateTimeOffset.FromUnixTimeMilliseconds(MillisecondsSinceEpoch).UtcDateTime;

    public override bool Equals(BsonValue? other) =>
        other is BsonDateTime d && d.MillisecondsSinceEpoch == MillisecondsSinceEpoch;
    public override int GetHashCode() => MillisecondsSinceEpoch.GetHashCode();
    public override string ToString() => MillisecondsSinceEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
