namespace Feed.Redis;

/// <summary>
/// One handler subscribed to a channel or pattern. Disposing removes the handler; the server
/// subscription ends when the last handler of that channel is removed.
/// </summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly RedisSubscriber _subscriber;

    internal RedisSubscription(RedisSubscriber subscriber, string channel, bool isPattern, Action<RedisChannelMessage> handler)
    {
        _subscriber = subscriber;
        Channel = channel;
        IsPattern = isPattern;
        Handler = handler;
    }

    /// <summary>The channel or pattern as given (without the channel prefix).</summary>
    public string Channel { get; }

    public bool IsPattern { get; }

    internal Action<RedisChannelMessage> Handler { get; }

    public ValueTask DisposeAsync() => new(_subscriber.RemoveAsync(this, CancellationToken.None));
}
