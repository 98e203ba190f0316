using Feed.Core;
using StackExchange.Redis;

namespace Feed.Redis.Timelines;

/// <summary>Redis failures become <see cref="TimelineUnavailableException"/> here, once: Feed.Core knows nothing of Redis.</summary>
internal static class RedisTimelineErrors
{
    public static async Task<T> MapAsync<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new TimelineUnavailableException($"Redis failed {doing}: {e.Message}", e);
        }
    }

    public static Task MapAsync(string doing, Func<Task> call) => MapAsync(doing, async () =>
    {
        await call();
        return true;
    });
}
