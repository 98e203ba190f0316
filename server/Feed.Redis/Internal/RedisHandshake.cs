namespace Feed.Redis.Internal;

/// <summary>
/// What a fresh connection sends before it is used: AUTH, SELECT, CLIENT SETNAME, then a PING
/// so a server that wants a password we lack fails the connect with its NOAUTH text instead
/// of failing the first real command.
/// </summary>
internal static class RedisHandshake
{
    public static async Task RunAsync(RedisPhysicalConnection connection, RedisConnectionOptions options,
        RedisConnectionKind kind, CancellationToken cancellationToken)
    {
        // Part of connecting: bounded by connectTimeout (the caller's token), not syncTimeout.
        var timeout = options.ConnectTimeout;
        if (options.Password is not null)
        {
            RedisArgument[] auth = options.User is null
                ? ["AUTH", options.Password]
                : ["AUTH", options.User, options.Password];
            await connection.ExecuteAsync(auth, timeout, cancellationToken);
        }
        // Pub/sub ignores databases, so only the command connection selects one.
        if (kind == RedisConnectionKind.Interactive && options.DefaultDatabase != 0)
        {
            await connection.ExecuteAsync(["SELECT", options.DefaultDatabase], timeout, cancellationToken);
        }
        if (options.ClientName is not null)
        {
            await connection.ExecuteAsync(["CLIENT", "SETNAME", options.ClientName], timeout, cancellationToken);
        }
        await connection.ExecuteAsync(["PING"], timeout, cancellationToken);
    }
}
