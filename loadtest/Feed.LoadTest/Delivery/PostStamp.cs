using System.Globalization;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// The text of a load-test post: <c>lt {sequence} {sendTimestamp}</c>, where the timestamp is
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> in this process. Sender and receivers
/// share the process, hence one clock: latency = receive timestamp - send timestamp.
/// </summary>
internal static class PostStamp
{
    private const string Prefix = "lt ";
    private const string WarmupPrefix = "lt-warmup ";

    /// <summary>The text of an unmeasured warm-up post.</summary>
    public static string FormatWarmup(int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{WarmupPrefix}{sequence}");

    public static bool IsWarmup(ReadOnlySpan<char> text) => text.StartsWith(WarmupPrefix, StringComparison.Ordinal);

    public static string Format(int sequence, long sentAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sequence} {sentAt}");

    /// <summary>Reads a stamp without allocating; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int sequence, out long sentAt)
    {
        sequence = 0;
        sentAt = 0;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        text = text[Prefix.Length..];
        var space = text.IndexOf(' ');
        return space > 0
               && int.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
               && long.TryParse(text[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sentAt);
    }
}
