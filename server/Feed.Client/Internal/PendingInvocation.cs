namespace Feed.Client.Internal;

/// <summary>
/// One invocation waiting for its completion. It is its own TaskCompletionSource (one
/// allocation per call); continuations run asynchronously so a caller's code never runs on
/// the receive loop.
/// </summary>
internal sealed class PendingInvocation : TaskCompletionSource<object?>
{
    public PendingInvocation(string id, string method, Type returnType, long deadline)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        Method = method;
        ReturnType = returnType;
        Deadline = deadline;
    }

    public string Id { get; }

    public string Method { get; }

    /// <summary>The type the protocol binds the completion's result to.</summary>
    public Type ReturnType { get; }

    /// <summary>Environment.TickCount64 after which the call times out; long.MaxValue for never.</summary>
    public long Deadline { get; }
}
