namespace Feed.Redis;

/// <summary>The RESP2 type of a reply.</summary>
public enum RedisValueKind
{
    /// <summary><c>+OK</c>: a short status line.</summary>
    SimpleString,

    /// <summary><c>-ERR ...</c>: an error line (surfaced as <see cref="RedisServerException"/> by commands).</summary>
    Error,

    /// <summary><c>:42</c>: a signed 64-bit integer.</summary>
    Integer,

    /// <summary><c>$3 foo</c>: binary-safe bytes, or null (<c>$-1</c>).</summary>
    BulkString,

    /// <summary><c>*2 ...</c>: a list of values, or null (<c>*-1</c>).</summary>
    Array,
}
