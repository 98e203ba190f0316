using System.Collections;

namespace Feed.Mongo.Bson;

/// <summary>A BSON array (encoded as a document whose keys are "0", "1", ...).</summary>
public sealed class BsonArray : BsonValue, IReadOnlyList<BsonValue>
{
    private readonly List<BsonValue> _items;

    public BsonArray() => _items = new List<BsonValue>();

    public BsonArray(IEnumerable<BsonValue> items) => _items = new List<BsonValue>(items);

    public override BsonType Type => BsonType.Array;

    public int Count => _items.Count;

    public BsonValue this[int index] => _items[index];

    public BsonArray Add(BsonValue? value)
    {
        _items.Add(value ?? BsonNull.Value);
        return this;
    }

    public List<BsonValue>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<BsonValue> IEnumerable<BsonValue>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override bool Equals(BsonValue? other) =>
        other is BsonArray array && array.Count == Count && _items.SequenceEqual(array._items);

    public override int GetHashCode() => Count;

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
