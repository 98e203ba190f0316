namespace Feed.Redis;

/// <summary>
/// A reply did not arrive within the sync timeout. The connection stays up: the late reply is
/// matched to its command and dropped, so later commands still get their own replies.
/// </summary>
public sealed class RedisTimeoutException : TimeoutException
{
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
