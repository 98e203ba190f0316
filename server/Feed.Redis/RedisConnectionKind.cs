namespace Feed.Redis;

/// <summary>Which of the two sockets a <see cref="RedisConnection"/> holds an event is about.</summary>
public enum RedisConnectionKind
{
    /// <summary>The multiplexed connection that runs commands (PUBLISH, GET, ...).</summary>
    Interactive,

    /// <summary>The dedicated connection in subscribe mode that receives messages.</summary>
    Subscription,
}
