using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Feed.Core;

/// <summary>
/// A position in a feed: a post's (createdAt, id). Feeds are ordered by createdAt, then by id
/// (ordinal), so items created in the same millisecond still have one stable order and a
/// cursor never skips or repeats one. On the wire it is opaque: base64url of "createdAt.id".
/// </summary>
public readonly record struct FeedCursor(long CreatedAt, string PostId) : IComparable<FeedCursor>
{
    private const int MaxEncodedLength = 128;

    public int CompareTo(FeedCursor other)
    {
        var byTime = CreatedAt.CompareTo(other.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(PostId, other.PostId);
    }

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            CreatedAt.ToString(CultureInfo.InvariantCulture) + "." + PostId));

    public static bool TryDecode(string? text, out FeedCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxEncodedLength)
        {
            return false;
        }
        byte[] raw;
        try
        {
            raw = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var plain = Encoding.UTF8.GetString(raw);
        var dot = plain.IndexOf('.');
        if (dot <= 0 || dot == plain.Length - 1
            || !long.TryParse(plain.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var createdAt))
        {
            return false;
        }
        var id = plain[(dot + 1)..];
        if (!Feed.Core.PostId.IsValid(id))
        {
            return false;
        }
        cursor = new FeedCursor(createdAt, id);
        return true;
    }

    public override string ToString() => Encode();
}
