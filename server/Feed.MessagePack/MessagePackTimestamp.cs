namespace Feed.MessagePack;

/// <summary>
/// The MessagePack timestamp extension (type -1): seconds since the Unix epoch plus
/// nanoseconds, covering a wider range than <see cref="DateTime"/>.
/// </summary>
public readonly record struct MessagePackTimestamp(long Seconds, uint Nanoseconds)
{
    private const long MinDateTimeSeconds = -62_135_596_800;
    private const long MaxDateTimeSeconds = 253_402_300_799;

    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        var ticks = value.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new MessagePackTimestamp(seconds, (uint)(remainder * 100));
    }

    /// <summary>The UTC time, truncated to 100 ns; throws when outside DateTime's range.</summary>
    public DateTime ToDateTime()
    {
        if (Seconds < MinDateTimeSeconds || Seconds > MaxDateTimeSeconds)
        {
            throw new InvalidDataException($"Timestamp {Seconds} s is outside the range of DateTime.");
        }
        var ticks = DateTime.UnixEpoch.Ticks + Seconds * TimeSpan.TicksPerSecond + Nanoseconds / 100;
        return new DateTime(ticks, DateTimeKind.Utc);
    }
}
