using System.Collections;

namespace Feed.Mongo.Bson;

/// <summary>
/// A BSON document: an ordered list of elements (order matters to MongoDB: the command name
/// comes first, index keys are ordered). Lookup by name is a linear scan, which is fastest for
/// the small documents a feed uses. Supports collection initializers:
/// <c>new BsonDocument { { "find", "posts" }, { "limit", 20 } }</c>.
/// </summary>
public sealed class BsonDocument : BsonValue, IEnumerable<BsonElement>
{
    private readonly List<BsonElement> _elements;

    public BsonDocument() => _elements = new List<BsonElement>();

    public BsonDocument(int capacity) => _elements = new List<BsonElement>(capacity);

    public BsonDocument(string name, BsonValue value)
        : this(4) => Add(name, value);

    public override BsonType Type => BsonType.Document;

    public int Count => _elements.Count;

    public IEnumerable<string> Names => _elements.Select(e => e.Name);

    public BsonElement GetElement(int index) => _elements[index];

    /// <summary>The value of the first element with this name; throws naming it if absent.</summary>
    public BsonValue this[string name]
    {
        get => TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"BSON document has no element '{name}'");
        set => Set(name, value);
    }

    /// <summary>Appends an element (duplicates allowed, as in BSON). Returns this for chaining.</summary>
    public BsonDocument Add(string name, BsonValue? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _elements.Add(new BsonElement(name, value ?? BsonNull.Value));
        return this;
    }

    /// <summary>Replaces the first element with this name, or appends it.</summary>
    public BsonDocument Set(string name, BsonValue? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return Add(name, value);
        }
        _elements[index] = new BsonElement(name, value ?? BsonNull.Value);
        return this;
    }

    /// <summary>Puts an element first (MongoDB wants the command name, or _id, first).</summary>
    public BsonDocument InsertAt(int index, string name, BsonValue value)
    {
        _elements.Insert(index, new BsonElement(name, value));
        return this;
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            _elements.RemoveAt(index);
        }
        return index >= 0;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    public bool TryGetValue(string name, out BsonValue value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _elements[index].Value : BsonNull.Value;
        return index >= 0;
    }

    public BsonValue? GetValueOrDefault(string name) => TryGetValue(name, out var value) ? value : null;

    public int IndexOf(string name)
    {
        for (var i = 0; i < _elements.Count; i++)
        {
            if (string.Equals(_elements[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    public List<BsonElement>.Enumerator GetEnumerator() => _elements.GetEnumerator();

    IEnumerator<BsonElement> IEnumerable<BsonElement>.GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _elements.GetEnumerator();

    public override bool Equals(BsonValue? other)
    {
        if (other is not BsonDocument doc || doc.Count != Count)
        {
            return false;
        }
        for (var i = 0; i < _elements.Count; i++)
        {
            if (_elements[i].Name != doc._elements[i].Name || !_elements[i].Value.Equals(doc._elements[i].Value))
            {
                return false;
            }
        }
        return true;
    }

    public override int GetHashCode() => Count;

    public override string ToString() =>
        "{ " + string.Join(", ", _elements.Select(e => $"{e.Name}: {e.Value}")) + " }";
}
