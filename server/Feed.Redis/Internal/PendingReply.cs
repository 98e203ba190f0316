namespace Feed.Redis.Internal;

/// <summary>
/// A command written to a connection and waiting for its reply. Replies arrive in the order
/// commands were written, so a FIFO of these matches them; one that timed out or was cancelled
/// stays queued until its late reply arrives and is dropped.
/// </summary>
internal sealed class PendingReply : TaskCompletionSource<RedisValue>
{
    public PendingReply(string commandName)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        CommandName = commandName;
    }

    /// <summary>For error messages: which command this reply belongs to.</summary>
    public string CommandName { get; }

    public void Complete(RedisValue reply)
    {
        if (reply.Kind == RedisValueKind.Error)
        {
            TrySetException(new RedisServerException(reply.AsString() ?? "ERR"));
        }
        else
        {
            TrySetResult(reply);
        }
    }
}
