using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Feed.MessagePack;

/// <summary>
/// Walks one map's keys for a formatter. Unknown keys (and non-string keys) are skipped with
/// their values, so peers may add fields; after each known key the caller must read (or
/// <see cref="MessagePackReader.Skip"/>) its value. Duplicate keys: the last one wins.
/// <code>
/// var map = Keys.ReadMap(ref reader);
/// while (map.TryReadKey(ref reader, out var key))
/// {
///     switch (key) { case "id": id = reader.ReadString(); break; ... }
/// }
/// map.EnsureRequiredKeys();
/// </code>
/// </summary>
public struct MessagePackMapReader
{
    private readonly MessagePackMapKeys _keys;
    private int _remaining;
    private ulong _seen;

    internal MessagePackMapReader(MessagePackMapKeys keys, int count)
    {
        _keys = keys;
        _remaining = count;
    }

    /// <summary>Moves to the next known key; false once the map is done.</summary>
    public bool TryReadKey(ref MessagePackReader reader, [NotNullWhen(true)] out string? key)
    {
        while (_remaining > 0)
        {
            _remaining--;
            var index = reader.NextType == MessagePackType.String ? _keys.Match(reader.ReadStringBytes()) : SkipKey(ref reader);
            if (index >= 0)
            {
                _seen |= 1UL << index;
                key = _keys.KeyAt(index);
                return true;
            }
            reader.Skip();
        }
        if (_remaining == 0)
        {
            _remaining = -1; // leave the map's nesting level exactly once
            reader.DecreaseDepth();
        }
        key = null;
        return false;
    }

    /// <summary>True when the map held the given key.</summary>
    public readonly bool Has(string key) => (_seen & Bit(key)) != 0;

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first required key that was absent.</summary>
    public readonly void EnsureRequiredKeys()
    {
        var missing = _keys.RequiredMask & ~_seen;
        if (missing != 0)
        {
            var key = _keys.KeyAt(BitOperations.TrailingZeroCount(missing));
            throw new InvalidDataException($"{_keys.TypeName} is missing required key '{key}'.");
        }
    }

    private readonly ulong Bit(string key)
    {
        var index = _keys.IndexOf(key);
        return index >= 0 ? 1UL << index : throw new ArgumentException($"'{key}' is not a key of {_keys.TypeName}.", nameof(key));
    }

    private static int SkipKey(ref MessagePackReader reader)
    {
        reader.Skip();
        return -1;
    }
}
