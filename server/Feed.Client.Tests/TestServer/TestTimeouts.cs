namespace Feed.Client.Tests.TestServer;

/// <summary>Generous limits for waiting on conditions; a test never sleeps for a fixed time.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static CancellationToken Token() => new CancellationTokenSource(Wait).Token;

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Wait);

    public static Task Within(this Task task) => task.WaitAsync(Wait);
}
