using System.Buffers;

namespace Feed.MessagePack;

/// <summary>
/// The keys a formatter understands in one map-shaped type (camelCase, like JSON), matched
/// against the wire's UTF-8 without allocating. Create once per formatter (a static field) and
/// read maps with <see cref="ReadMap"/>; see <see cref="MessagePackMapReader"/> for the loop.
/// </summary>
public sealed class MessagePackMapKeys
{
    private const int MaxKeys = 64;

    private readonly string[] _keys;
    private readonly byte[][] _utf8Keys;
    private readonly int _longestKey;

    /// <param name="typeName">Named in errors, e.g. "FeedItem is missing required key 'id'".</param>
    /// <param name="keys">Every key the formatter reads; other keys are skipped.</param>
    /// <param name="required">Keys that must be present (a subset of <paramref name="keys"/>).</param>
    public MessagePackMapKeys(string typeName, IReadOnlyList<string> keys, IReadOnlyList<string>? required = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count > MaxKeys || keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException($"Map keys must be distinct and at most {MaxKeys}.", nameof(keys));
        }
        TypeName = typeName;
        _keys = [.. keys];
        _utf8Keys = [.. keys.Select(System.Text.Encoding.UTF8.GetBytes)];
        _longestKey = _utf8Keys.Length == 0 ? 0 : _utf8Keys.Max(k => k.Length);
        foreach (var key in required ?? [])
        {
            var index = Array.IndexOf(_keys, key);
            if (index < 0)
            {
                throw new ArgumentException($"Required key '{key}' is not one of the keys.", nameof(required));
            }
            RequiredMask |= 1UL << index;
        }
    }

    public string TypeName { get; }

    internal ulong RequiredMask { get; }

    /// <summary>Reads a map header and starts walking its keys.</summary>
    public MessagePackMapReader ReadMap(ref MessagePackReader reader)
    {
        var count = reader.ReadMapHeader();
        reader.IncreaseDepth();
        return new MessagePackMapReader(this, count);
    }

    internal string KeyAt(int index) => _keys[index];

    internal int IndexOf(string key) => Array.IndexOf(_keys, key);

    /// <summary>The index of a known key, or -1.</summary>
    internal int Match(ReadOnlySequence<byte> utf8)
    {
        if (utf8.Length > _longestKey)
        {
            return -1;
        }
        Span<byte> copy = stackalloc byte[_longestKey];
        var key = utf8.IsSingleSegment ? utf8.FirstSpan : copy[..(int)utf8.Length];
        if (!utf8.IsSingleSegment)
        {
            utf8.CopyTo(copy);
        }
        for (var i = 0; i < _utf8Keys.Length; i++)
        {
            if (key.SequenceEqual(_utf8Keys[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
