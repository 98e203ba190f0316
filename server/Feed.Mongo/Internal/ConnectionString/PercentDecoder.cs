using System.Text;

namespace Feed.Mongo.Internal.ConnectionString;

/// <summary>Strict RFC 3986 percent-decoding: a '%' not followed by two hex digits is an error.</summary>
internal static class PercentDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string Decode(string value, string what)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                continue;
            }
            if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
            {
                throw new FormatException($"Invalid connection string: {what} has a '%' that is not followed by two hex digits");
            }
            bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
            i += 2;
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"Invalid connection string: {what} percent-decodes to invalid UTF-8");
        }
    }
}
