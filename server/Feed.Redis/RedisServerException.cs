namespace Feed.Redis;

/// <summary>
/// Redis answered a command with an error reply; <see cref="Exception.Message"/> is the
/// server's text as sent, e.g. <c>WRONGTYPE Operation against a key holding the wrong kind of value</c>.
/// </summary>
public sealed class RedisServerException : Exception
{
    public RedisServerException(string message)
        : base(message)
    {
    }

    /// <summary>The error's first word (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOAUTH</c>, <c>WRONGPASS</c>...).</summary>
    public string ErrorCode => Message.Split(' ', 2)[0];
}
