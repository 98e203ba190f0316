namespace Feed.LoadTest.Delivery;

/// <summary>
/// Which post sequence numbers one connection has received: one bit per post, grown on demand
/// (10,000 connections x 10,000 posts = 12.5 MB). Not thread-safe: a connection's handlers run
/// one message at a time.
/// </summary>
internal sealed class ReceivedSet
{
    private ulong[] _bits = [];

    /// <summary>Marks <paramref name="sequence"/> received; false when it already was (a duplicate).</summary>
    public bool TryAdd(int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var word = sequence >> 6;
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        }
        var mask = 1UL << (sequence & 63);
        if ((_bits[word] & mask) != 0)
        {
            return false;
        }
        _bits[word] |= mask;
        return true;
    }

    public bool Contains(int sequence) =>
        sequence >= 0 && (sequence >> 6) < _bits.Length && (_bits[sequence >> 6] & (1UL << (sequence & 63))) != 0;
}
