namespace Feed.Mongo.Bson;

// The less common and deprecated BSON types: carried faithfully so any document round-trips,
// without behaviour beyond equality.

/// <summary>Internal MongoDB timestamp: seconds (high 4 bytes) and an ordinal (low 4 bytes).</summary>
public sealed class BsonTimestamp(uint seconds, uint increment) : BsonValue
{
    public uint Seconds { get; } = seconds;
    public uint Increment { get; } = increment;
    public override BsonType Type => BsonType.Timestamp;
    public override bool Equals(BsonValue? other) =>
        other is BsonTimestamp t && t.Seconds == Seconds && t.Increment == Increment;
    public override int GetHashCode() => HashCode.Combine(Seconds, Increment);
}

/// <summary>IEEE 754-2008 decimal128 (BID encoding) carried as its raw bits; no arithmetic.</summary>
public sealed class BsonDecimal128(ulong lowBits, ulong highBits) : BsonValue
{
    public ulong LowBits { get; } = lowBits;
    public ulong HighBits { get; } = highBits;
    public override BsonType Type => BsonType.Decimal128;
    public override bool Equals(BsonValue? other) =>
        other is BsonDecimal128 d && d.LowBits == LowBits && d.HighBits == HighBits;
    public override int GetHashCode() => HashCode.Combine(LowBits, HighBits);
}

public sealed class BsonRegularExpression(string pattern, string options) : BsonValue
{
    public string Pattern { get; } = pattern;
    public string Options { get; } = options;
    public override BsonType Type => BsonType.RegularExpression;
    public override bool Equals(BsonValue? other) =>
        other is BsonRegularExpression r && r.Pattern == Pattern && r.Options == Options;
    public override int GetHashCode() => HashCode.Combine(Pattern, Options);
}

public sealed class BsonJavaScript(string code) : BsonValue
{
    public string Code { get; } = code;
    public override BsonType Type => BsonType.JavaScript;
    public override bool Equals(BsonValue? other) => other is BsonJavaScript j && j.Code == Code;
    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);
}

public sealed class BsonJavaScriptWithScope(string code, BsonDocument scope) : BsonValue
{
    public string Code { get; } = code;
    public BsonDocument Scope { get; } = scope;
    public override BsonType Type => BsonType.JavaScriptWithScope;
    public override bool Equals(BsonValue? other) =>
        other is BsonJavaScriptWithScope j && j.Code == Code && j.Scope.Equals(Scope);
    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Deprecated symbol type.</summary>
public sealed class BsonSymbol(string name) : BsonValue
{
    public string Name { get; } = name;
    public override BsonType Type => BsonType.Symbol;
    public override bool Equals(BsonValue? other) => other is BsonSymbol s && s.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Deprecated DBPointer type: a namespace and an ObjectId.</summary>
public sealed class BsonDbPointer(string @namespace, ObjectId id) : BsonValue
{
    public string Namespace { get; } = @namespace;
    public ObjectId Id { get; } = id;
    public override BsonType Type => BsonType.DbPointer;
    public override bool Equals(BsonValue? other) =>
        other is BsonDbPointer p && p.Namespace == Namespace && p.Id == Id;
    public override int GetHashCode() => HashCode.Combine(Namespace, Id);
}

/// <summary>The value-less types: undefined (deprecated), min key and max key.</summary>
public sealed class BsonMarker : BsonValue
{
    public static readonly BsonMarker Undefined = new(BsonType.Undefined);
    public static readonly BsonMarker MinKey = new(BsonType.MinKey);
    public static readonly BsonMarker MaxKey = new(BsonType.MaxKey);

    private BsonMarker(BsonType type) => Type = type;

    public override BsonType Type { get; }
    public override bool Equals(BsonValue? other) => other is BsonMarker m && m.Type == Type;
    public override int GetHashCode() => (int)Type;
    public override string ToString() => Type.ToString();
}
