using System.Collections.Concurrent;

namespace Feed.Redis.Tests;

/// <summary>Records a connection's lost/restored events so a test can wait for each kind.</summary>
internal sealed class ConnectionEvents
{
    private readonly ConcurrentDictionary<(string, RedisConnectionKind), TaskCompletionSource<RedisConnectionEventArgs>> _seen = new();

    public ConnectionEvents(RedisConnection redis)
    {
        redis.ConnectionLost += (_, e) => Signal("lost", e);
        redis.ConnectionRestored += (_, e) => Signal("restored", e);
    }

    public Task<RedisConnectionEventArgs> Lost(RedisConnectionKind kind) => Get("lost", kind).Task.Limited();

    public Task<RedisConnectionEventArgs> Restored(RedisConnectionKind kind) => Get("restored", kind).Task.Limited();

    /// <summary>Forgets what was seen, to wait for the next round of events.</summary>
    public void Clear() => _seen.Clear();

    private void Signal(string what, RedisConnectionEventArgs e) => Get(what, e.Kind).TrySetResult(e);

    private TaskCompletionSource<RedisConnectionEventArgs> Get(string what, RedisConnectionKind kind) =>
        _seen.GetOrAdd((what, kind), _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
