using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Feed.MessagePack;

/// <summary>
/// Finds the formatter for a type: the registered ones (later registrations win over earlier
/// ones and over the built-ins), then composites built on demand from registered element
/// types: <c>T?</c>, <c>T[]</c>, <c>List&lt;T&gt;</c> and the list/collection/enumerable
/// interfaces, <c>Dictionary&lt;string, T&gt;</c> and the dictionary interfaces, and (for
/// writing) any other type implementing <c>IEnumerable&lt;T&gt;</c>. There is no reflection
/// serializer: a type with no formatter is an <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class MessagePackFormatterResolver
{
    private readonly ConcurrentDictionary<Type, IMessagePackFormatter?> _formatters = new();

    public MessagePackFormatterResolver(IEnumerable<IMessagePackFormatter> formatters)
    {
        ArgumentNullException.ThrowIfNull(formatters);
        foreach (var formatter in BuiltIns().Concat(formatters))
        {
            _formatters[formatter.ValueType] = WithNilHandling(formatter);
        }
    }

    public IMessagePackFormatter<T> Get<T>() => (IMessagePackFormatter<T>)Get(typeof(T));

    public IMessagePackFormatter Get(Type type) =>
        TryGet(type, out var formatter)
            ? formatter
            : throw new InvalidOperationException(
                $"No MessagePack formatter for type '{type}'. Add an IMessagePackFormatter<{type.Name}> " +
                "to MessagePackHubProtocolOptions.Formatters.");

    public bool TryGet(Type type, [NotNullWhen(true)] out IMessagePackFormatter? formatter)
    {
        ArgumentNullException.ThrowIfNull(type);
        formatter = _formatters.GetOrAdd(type, static (t, self) => self.Compose(t), this);
        return formatter is not null;
    }

    /// <summary>Writes a value by its runtime type (nil for null).</summary>
    public void Serialize(ref MessagePackWriter writer, object? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        Get(value.GetType()).WriteObject(ref writer, value);
    }

    /// <summary>Reads a value of the given type.</summary>
    public object? Deserialize(ref MessagePackReader reader, Type type) => Get(type).ReadObject(ref reader);

    private IEnumerable<IMessagePackFormatter> BuiltIns() =>
    [
        new StringFormatter(), new BinaryFormatter(), new BooleanFormatter(),
        new Int64Formatter(), new Int32Formatter(), new Int16Formatter(), new SByteFormatter(),
        new UInt64Formatter(), new UInt32Formatter(), new UInt16Formatter(), new ByteFormatter(),
        new DoubleFormatter(), new SingleFormatter(), new DateTimeFormatter(), new TimestampFormatter(),
        new ObjectFormatter(this),
    ];

    private static IMessagePackFormatter WithNilHandling(IMessagePackFormatter formatter)
    {
        var type = formatter.ValueType;
        if (type.IsValueType || type == typeof(object))
        {
            return formatter;
        }
        return Create(typeof(NilFormatter<>), [type], formatter);
    }

    private IMessagePackFormatter? Compose(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TryGet(underlying, out var inner) ? Create(typeof(NullableFormatter<>), [underlying], inner) : null;
        }
        var composed = ComposeDictionary(type) ?? ComposeCollection(type);
        return composed is null ? null : WithNilHandling(composed);
    }

    private IMessagePackFormatter? ComposeCollection(Type type)
    {
        var element = type.IsArray && type.GetArrayRank() == 1
            ? type.GetElementType()
            : EnumerableElement(type, typeof(IEnumerable<>));
        return element is not null && TryGet(element, out var inner)
            ? Create(typeof(CollectionFormatter<,>), [type, element], inner)
            : null;
    }

    private IMessagePackFormatter? ComposeDictionary(Type type)
    {
        var pair = EnumerableElement(type, typeof(IEnumerable<>));
        if (pair is not { IsGenericType: true } || pair.GetGenericTypeDefinition() != typeof(KeyValuePair<,>))
        {
            return null;
        }
        var arguments = pair.GetGenericArguments();
        return arguments[0] == typeof(string) && TryGet(arguments[1], out var inner)
            ? Create(typeof(DictionaryFormatter<,>), [type, arguments[1]], inner)
            : null;
    }

    /// <summary>T when <paramref name="type"/> is or implements exactly one IEnumerable&lt;T&gt;.</summary>
    private static Type? EnumerableElement(Type type, Type openInterface)
    {
        if (type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments()[0];
        }
        var matches = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            .ToList();
        return matches.Count == 1 ? matches[0].GetGenericArguments()[0] : null;
    }

    private static IMessagePackFormatter Create(Type openType, Type[] arguments, IMessagePackFormatter inner) =>
        (IMessagePackFormatter)Activator.CreateInstance(openType.MakeGenericType(arguments), inner)!;
}
