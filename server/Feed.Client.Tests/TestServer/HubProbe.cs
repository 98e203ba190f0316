using System.Collections.Concurrent;

namespace Feed.Client.Tests.TestServer;

/// <summary>What the test hubs did, for tests to wait on and inspect.</summary>
public sealed class HubProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _remembered = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _follows = new();

    public void Remember(string key, string value) => Slot(key).TrySetResult(value);

    /// <summary>Completes once the hub has remembered a value under this key.</summary>
    public Task<string> RememberedAsync(string key) => Slot(key).Task;

    public void Follow(string follower, string followee) =>
        _follows.GetOrAdd(follower, _ => new()).TryAdd(followee, 0);

    public void Unfollow(string follower, string followee) =>
        _follows.GetOrAdd(follower, _ => new()).TryRemove(followee, out _);

    public string[] Following(string follower) =>
        [.. _follows.GetOrAdd(follower, _ => new()).Keys.Order(StringComparer.Ordinal)];

    private TaskCompletionSource<string> Slot(string key) =>
        _remembered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
