using System.Security.Cryptography;

namespace Feed.Core;

/// <summary>
/// Post ids: 24 lowercase hex characters, the shape of a MongoDB ObjectId (4-byte seconds,
/// 5 random bytes per process, 3-byte counter), so ids look the same whichever store made them.
/// </summary>
public static class PostId
{
    private static readonly byte[] ProcessRandom = RandomNumberGenerator.GetBytes(5);
    private static int _counter = RandomNumberGenerator.GetInt32(0, 0xFFFFFF);

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[12];
        var seconds = (uint)now.ToUnixTimeSeconds();
        bytes[0] = (byte)(seconds >> 24);
        bytes[1] = (byte)(seconds >> 16);
        bytes[2] = (byte)(seconds >> 8);
        bytes[3] = (byte)seconds;
        ProcessRandom.CopyTo(bytes[4..]);
        var counter = Interlocked.Increment(ref _counter) & 0xFFFFFF;
        bytes[9] = (byte)(counter >> 16);
        bytes[10] = (byte)(counter >> 8);
        bytes[11] = (byte)counter;
        return Convert.ToHexStringLower(bytes);
    }

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length is 0 or > 64)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }
        return true;
    }
}
