namespace Feed.MessagePack;

/// <summary>
/// Arrays, lists and other sequences of a formattable element type, as a MessagePack array.
/// Reading builds a <see cref="List{T}"/> (or an array for array types), so it works for every
/// collection type a list can be assigned to; other enumerable types are write-only.
/// </summary>
internal sealed class CollectionFormatter<TCollection, TElement>(IMessagePackFormatter<TElement> element)
    : IMessagePackFormatter<TCollection>
    where TCollection : IEnumerable<TElement>
{
    private static readonly bool ReadsAsArray = typeof(TCollection) == typeof(TElement[]);
    private static readonly bool ReadsAsList = typeof(TCollection).IsAssignableFrom(typeof(List<TElement>));

    public void Write(ref MessagePackWriter writer, TCollection value)
    {
        if (value is IReadOnlyList<TElement> list)
        {
            writer.WriteArrayHeader(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                element.Write(ref writer, list[i]);
            }
            return;
        }
        IEnumerable<TElement> items = value;
        if (!items.TryGetNonEnumeratedCount(out var count))
        {
            var copy = value.ToList(); // one pass: the header needs the count first
            (items, count) = (copy, copy.Count);
        }
        writer.WriteArrayHeader(count);
        foreach (var item in items)
        {
            element.Write(ref writer, item);
        }
    }

    public TCollection Read(ref MessagePackReader reader)
    {
        if (!ReadsAsArray && !ReadsAsList)
        {
            throw new InvalidOperationException(
                $"MessagePack cannot read {typeof(TCollection)}: use an array, List<T> or a list interface.");
        }
        var count = reader.ReadArrayHeader();
        reader.IncreaseDepth();
        var items = new List<TElement>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(element.Read(ref reader));
        }
        reader.DecreaseDepth();
        return ReadsAsArray ? (TCollection)(object)items.ToArray() : (TCollection)(object)items;
    }
}

/// <summary>String-keyed dictionaries as a MessagePack map; reading builds a <see cref="Dictionary{TKey, TValue}"/>.</summary>
internal sealed class DictionaryFormatter<TDictionary, TValue>(IMessagePackFormatter<TValue> value)
    : IMessagePackFormatter<TDictionary>
    where TDictionary : IEnumerable<KeyValuePair<string, TValue>>
{
    private static readonly bool Readable = typeof(TDictionary).IsAssignableFrom(typeof(Dictionary<string, TValue>));

    public void Write(ref MessagePackWriter writer, TDictionary dictionary)
    {
        IEnumerable<KeyValuePair<string, TValue>> pairs = dictionary;
        if (!pairs.TryGetNonEnumeratedCount(out var count))
        {
            var copy = dictionary.ToList();
            (pairs, count) = (copy, copy.Count);
        }
        writer.WriteMapHeader(count);
        foreach (var (key, item) in pairs)
        {
            writer.Write(key);
            value.Write(ref writer, item);
        }
    }

    public TDictionary Read(ref MessagePackReader reader)
    {
        if (!Readable)
        {
            throw new InvalidOperationException(
                $"MessagePack cannot read {typeof(TDictionary)}: use Dictionary<string, T> or a dictionary interface.");
        }
        var count = reader.ReadMapHeader();
        reader.IncreaseDepth();
        var result = new Dictionary<string, TValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            result[key] = value.Read(ref reader);
        }
        reader.DecreaseDepth();
        return (TDictionary)(object)result;
    }
}
