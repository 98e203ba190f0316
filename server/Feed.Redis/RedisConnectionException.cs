namespace Feed.Redis;

/// <summary>
/// Redis could not be reached, the connection dropped before a reply arrived, or no connection
/// is available right now (the client is reconnecting in the background).
/// </summary>
public sealed class RedisConnectionException : Exception
{
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
