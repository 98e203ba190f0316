namespace Feed.Testing;

/// <summary>
/// Retries an assertion or call until it passes, failing with its last error after a deadline:
/// for conditions in another process (a restarted server) that raise no event we can wait on.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> attempt, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Pause);
            }
        }
    }

    public static Task SucceedsAsync(Func<Task> attempt, TimeSpan? timeout = null) =>
        ReturnsAsync(async () => { await attempt(); return true; }, timeout);

    public static Task HoldsAsync(Action assertion, TimeSpan? timeout = null) =>
        SucceedsAsync(() => { assertion(); return Task.CompletedTask; }, timeout);
}
