namespace Feed.Redis.Internal;

/// <summary>
/// A channel or pattern subscribed on the server and the local handlers for it. Handlers are
/// replaced as a whole (copy on write) under the subscriber's lock, so the read loop delivers
/// from a stable array without locking.
/// </summary>
internal sealed class SubscriptionEntry
{
    private volatile RedisSubscription[] _subscriptions = [];

    public SubscriptionEntry(string name, byte[] wireName, bool isPattern)
    {
        Name = name;
        WireName = wireName;
        IsPattern = isPattern;
    }

    /// <summary>As the caller gave it; the channel prefix is not included.</summary>
    public string Name { get; }

    /// <summary>As sent to Redis: prefix plus name, UTF-8.</summary>
    public byte[] WireName { get; }

    public bool IsPattern { get; }

    /// <summary>Completes when the server confirmed the subscription (or the attempt ended).</summary>
    public Task Confirmation { get; set; } = Task.CompletedTask;

    public RedisSubscription[] Subscriptions => _subscriptions;

    public bool IsEmpty => _subscriptions.Length == 0;

    public void Add(RedisSubscription subscription) => _subscriptions = [.. _subscriptions, subscription];

    public bool Remove(RedisSubscription subscription)
    {
        var index = Array.IndexOf(_subscriptions, subscription);
        if (index < 0)
        {
            return false;
        }
        _subscriptions = [.. _subscriptions.AsSpan(0, index), .. _subscriptions.AsSpan(index + 1)];
        return true;
    }

    public void Clear() => _subscriptions = [];
}
