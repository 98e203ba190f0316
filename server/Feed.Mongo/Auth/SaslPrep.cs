using System.Globalization;
using System.Text;

namespace Feed.Mongo.Auth;

/// <summary>
/// SASLprep (RFC 4013) for SCRAM-SHA-256 passwords: non-ASCII spaces map to space, "mapped to
/// nothing" characters are dropped, the result is NFKC-normalised, and control or unassigned
/// characters are rejected. ASCII passwords pass through unchanged.
/// </summary>
internal static class SaslPrep
{
    public static string Prepare(string value)
    {
        if (value.All(c => c is >= (char)0x20 and < (char)0x7F))
        {
            return value;
        }
        var mapped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsMappedToNothing(c))
            {
                continue;
            }
            mapped.Append(char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c);
        }
        var normalized = mapped.ToString().Normalize(NormalizationForm.FormKC);
        foreach (var c in normalized)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
            {
                throw new ArgumentException($"the password contains a character SASLprep prohibits (U+{(int)c:X4})");
            }
        }
        return normalized;
    }

    private static bool IsMappedToNothing(char c) =>
        c is '\u00AD' or '\u034F' or '\u1806' or '\u180B' or '\u180C' or '\u180D' or '\u200B' or '\u200C'
            or '\u200D' or '\u2060' or '\uFEFF' or (>= '\uFE00' and <= '\uFE0F');
}
