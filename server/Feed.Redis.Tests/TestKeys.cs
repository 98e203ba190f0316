using System.Runtime.CompilerServices;

namespace Feed.Redis.Tests;

/// <summary>Unique key and channel names per test, so tests sharing a server never meet.</summary>
internal static class TestKeys
{
    public static string Unique([CallerMemberName] string test = "") => $"test:{test}:{Guid.NewGuid():N}";
}
