using System.Reflection;
using MessagePack;
using MessagePack.Formatters;

namespace Feed.Server.Protocols;

/// <summary>
/// The inner formatter, and when its read fails, a second pass over the same bytes that reads
/// each known key's value on its own to find the one that fails (see <see cref="FieldNamingResolver"/>).
/// </summary>
internal sealed class FieldNamingFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T>
{
    private delegate void ReadValue(ref MessagePackReader reader, MessagePackSerializerOptions options);

    private static readonly MethodInfo ReadAsMethod = typeof(FieldNamingFormatter<T>).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    // Key -> a reader of that member's type, from the [Key] attributes (the contract's one mapping).
    private static readonly Dictionary<string, ReadValue> Members = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<KeyAttribute>()?.StringKey is not null)
        .ToDictionary(p => p.GetCustomAttribute<KeyAttribute>()!.StringKey!,
            p => ReadAsMethod.MakeGenericMethod(p.PropertyType).CreateDelegate<ReadValue>(), StringComparer.Ordinal);

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        inner.Serialize(ref writer, value, options);

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var start = reader; // a copy: the second pass reads the same bytes
        try
        {
            return inner.Deserialize(ref reader, options);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            // A nested contract value's error too: the second pass finds it again and prefixes this level.
            throw Named(start, options, e);
        }
    }

    private static ContractFieldException Named(MessagePackReader reader, MessagePackSerializerOptions options, Exception error)
    {
        var type = typeof(T).Name;
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                return new ContractFieldException($"{type}: expected a map but found {reader.NextMessagePackType}.", error);
            }
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                var key = reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() : null;
                if (key is null || !Members.TryGetValue(key, out var read))
                {
                    reader.Skip(); // an unknown key's value, as the inner formatter skipped it
                    continue;
                }
                try
                {
                    read(ref reader, options);
                }
                catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
                {
                    return new ContractFieldException($"{type}.{key}: {e.Message}", error);
                }
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            // The map itself is broken (truncated, a bad header): said below without a field.
        }
        return new ContractFieldException($"{type}: {error.Message}", error);
    }

    private static void ReadAs<TMember>(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<TMember>().Deserialize(ref reader, options);
}
