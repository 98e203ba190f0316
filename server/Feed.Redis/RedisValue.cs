using System.Globalization;
using System.Text;

namespace Feed.Redis;

/// <summary>
/// One RESP2 reply: a status line, an error line, an integer, a bulk string (possibly null) or
/// an array (possibly null) of replies. Bulk strings stay bytes; decode with
/// <see cref="AsString"/> only where text is wanted.
/// </summary>
public readonly struct RedisValue
{
    private static readonly RedisValue[] EmptyItems = [];

    // byte[] for the string kinds, RedisValue[] for arrays, null for integers and nulls.
    private readonly object? _data;
    private readonly long _integer;

    private RedisValue(RedisValueKind kind, object? data, long integer)
    {
        Kind = kind;
        _data = data;
        _integer = integer;
    }

    public RedisValueKind Kind { get; }

    /// <summary>True for a null bulk string (<c>$-1</c>) or a null array (<c>*-1</c>).</summary>
    public bool IsNull => _data is null && Kind is RedisValueKind.BulkString or RedisValueKind.Array;

    /// <summary>The bytes of a status, error or bulk string (empty when null).</summary>
    public ReadOnlyMemory<byte> Bytes => _data as byte[] ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The elements of an array (empty when null or not an array).</summary>
    public IReadOnlyList<RedisValue> Items => _data as RedisValue[] ?? EmptyItems;

    /// <summary>The value of an integer reply, or of a bulk string holding a decimal integer.</summary>
    public long AsInt64() => Kind switch
    {
        RedisValueKind.Integer => _integer,
        RedisValueKind.BulkString or RedisValueKind.SimpleString when _data is byte[] bytes
            && long.TryParse(bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new InvalidCastException($"A {Kind} reply ({this}) is not an integer."),
    };

    /// <summary>The text of a string reply (UTF-8), the digits of an integer, or null for a null reply.</summary>
    public string? AsString() => Kind switch
    {
        RedisValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisValueKind.Array => IsNull ? null : throw new InvalidCastException("An array reply is not a string."),
        _ => _data is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null,
    };

    /// <summary>A copy of the bytes of a string reply, or null for a null reply.</summary>
    public byte[]? ToArray() => _data is byte[] bytes ? (byte[])bytes.Clone() : null;

    /// <summary>A compact rendering for diagnostics and test failures, e.g. <c>*[$foo, :1, $(nil)]</c>.</summary>
    public override string ToString() => Kind switch
    {
        RedisValueKind.SimpleString => "+" + AsString(),
        RedisValueKind.Error => "-" + AsString(),
        RedisValueKind.Integer => ":" + AsString(),
        RedisValueKind.BulkString => IsNull ? "$(nil)" : "$" + AsString(),
        _ => IsNull ? "*(nil)" : "*[" + string.Join(", ", Items) + "]",
    };

    internal static RedisValue SimpleString(byte[] text) => new(RedisValueKind.SimpleString, text, 0);

    internal static RedisValue Error(byte[] text) => new(RedisValueKind.Error, text, 0);

    internal static RedisValue Integer(long value) => new(RedisValueKind.Integer, null, value);

    internal static RedisValue BulkString(byte[]? bytes) => new(RedisValueKind.BulkString, bytes, 0);

    internal static RedisValue Array(RedisValue[]? items) => new(RedisValueKind.Array, items, 0);
}
