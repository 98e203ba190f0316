namespace Feed.Mongo.Bson;

/// <summary>
/// A BSON value. Each BSON type is a sealed subclass (pattern-match on it, or use the
/// <c>AsXxx</c> accessors which throw <see cref="InvalidCastException"/> naming both types).
/// Implicit conversions from the common .NET types keep document literals short.
/// </summary>
public abstract class BsonValue : IEquatable<BsonValue>
{
    private protected BsonValue()
    {
    }

    public abstract BsonType Type { get; }

    public bool IsNull => Type == BsonType.Null;

    public string AsString => As<BsonString>().Value;

    public int AsInt32 => As<BsonInt32>().Value;

    public long AsInt64 => As<BsonInt64>().Value;

    public double AsDouble => As<BsonDouble>().Value;

    public bool AsBoolean => As<BsonBoolean>().Value;

    public ObjectId AsObjectId => As<BsonObjectId>().Value;

    public DateTime AsDateTime => As<BsonDateTime>().ToDateTime();

    public BsonDocument AsDocument => As<BsonDocument>();

    public BsonArray AsArray => As<BsonArray>();

    public BsonBinary AsBinary => As<BsonBinary>();

    /// <summary>Any numeric type (int32, int64, double) as a long; counts come back in any of them.</summary>
    public long ToInt64() => this switch
    {
        BsonInt32 i => i.Value,
        BsonInt64 l => l.Value,
        BsonDouble d => (long)d.Value,
        _ => throw new InvalidCastException($"BSON {Type} is not a number"),
    };

    private T As<T>() where T : BsonValue =>
        this as T ?? throw new InvalidCastException($"BSON value is {Type}, not {typeof(T).Name[4..]}");

    public abstract bool Equals(BsonValue? other);

    public override bool Equals(object? obj) => obj is BsonValue other && Equals(other);

    public abstract override int GetHashCode();

    public static implicit operator BsonValue(string value) => new BsonString(value);

    public static implicit operator BsonValue(int value) => new BsonInt32(value);

    public static implicit operator BsonValue(long value) => new BsonInt64(value);

    public static implicit operator BsonValue(double value) => new BsonDouble(value);

    public static implicit operator BsonValue(bool value) => value ? BsonBoolean.True : BsonBoolean.False;

    public static implicit operator BsonValue(DateTime value) => new BsonDateTime(value);

    public static implicit operator BsonValue(DateTimeOffset value) => new BsonDateTime(value);

    public static implicit operator BsonValue(ObjectId value) => new BsonObjectId(value);

    public static implicit operator BsonValue(byte[] value) => new BsonBinary(value);
}
