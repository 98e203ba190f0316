namespace Feed.Testing;

/// <summary>Waits on conditions, never on fixed sleeps; the limit is generous so a slow machine is not a failure.</summary>
public static class Within
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<T> Limited<T>(this Task<T> task) => task.WaitAsync(Limit);

    public static Task Limited(this Task task) => task.WaitAsync(Limit);
}
