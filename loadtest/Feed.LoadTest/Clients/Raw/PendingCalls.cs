using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients.Raw;

/// <summary>Invocations sent and not yet answered, by invocation id (a counter per connection).</summary>
internal sealed class PendingCalls
{
    private readonly Dictionary<long, TaskCompletionSource<object?>> _calls = [];
    private long _next;
    private Exception? _failed;

    public (long Id, Task<object?> Call) Start()
    {
        var call = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls)
        {
            if (_failed is not null)
            {
                call.SetException(_failed);
                return (0, call.Task);
            }
            _calls.Add(++_next, call);
            return (_next, call.Task);
        }
    }

    public void Complete(CompletionMessage completion)
    {
        TaskCompletionSource<object?>? call;
        lock (_calls)
        {
            if (!long.TryParse(completion.InvocationId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !_calls.Remove(id, out call))
            {
                return; // not ours (the server never sends one)
            }
        }
        if (completion.Error is not null)
        {
            call.TrySetException(new HubException(completion.Error));
        }
        else
        {
            call.TrySetResult(completion.HasResult ? completion.Result : null);
        }
    }

    /// <summary>Fails every pending call and every later one: the connection is gone.</summary>
    public void FailAll(Exception error)
    {
        List<TaskCompletionSource<object?>> calls;
        lock (_calls)
        {
            _failed ??= error;
            calls = [.. _calls.Values];
            _calls.Clear();
        }
        foreach (var call in calls)
        {
            call.TrySetException(error);
        }
    }
}
