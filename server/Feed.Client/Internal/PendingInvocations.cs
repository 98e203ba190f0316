using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client.Internal;

/// <summary>
/// Invocations sent and not yet completed, by invocation id. Once the connection has closed,
/// new entries fail at once, so no call can wait on a connection that is gone.
/// </summary>
internal sealed class PendingInvocations
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingInvocation> _byId = new(StringComparer.Ordinal);
    private long _nextId;
    private Exception? _closedWith;

    public int Count
    {
        get { lock (_lock) { return _byId.Count; } }
    }

    public PendingInvocation Add(string method, Type returnType, long deadline)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var pending = new PendingInvocation(id, method, returnType, deadline);
        lock (_lock)
        {
            if (_closedWith is null)
            {
                _byId.Add(id, pending);
                return pending;
            }
        }
        pending.TrySetException(ClosedBeforeCompletion(method, _closedWith));
        return pending;
    }

    public bool Remove(PendingInvocation pending)
    {
        lock (_lock)
        {
            return _byId.Remove(pending.Id);
        }
    }

    /// <summary>The type to bind a completion's result to; object for ids no longer pending
    /// (cancelled or timed out) so a late completion still parses and is dropped.</summary>
    public Type GetReturnType(string invocationId)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(invocationId, out var pending) ? pending.ReturnType : typeof(object);
        }
    }

    /// <summary>Completes the matching call: its result, or a HubException with the server's error.</summary>
    public bool TryComplete(CompletionMessage completion)
    {
        PendingInvocation? pending;
        lock (_lock)
        {
            if (completion.InvocationId is null || !_byId.Remove(completion.InvocationId, out pending))
            {
                return false;
            }
        }
        return completion.Error is not null
            ? pending.TrySetException(new HubException(completion.Error))
            : pending.TrySetResult(completion.Result);
    }

    /// <summary>Fails calls whose deadline has passed. Called on the keep-alive tick.</summary>
    public void ExpireDueBy(long now, TimeSpan timeout)
    {
        List<PendingInvocation>? expired = null;
        lock (_lock)
        {
            foreach (var pending in _byId.Values)
            {
                if (pending.Deadline <= now)
                {
                    (expired ??= new()).Add(pending);
                }
            }
            expired?.ForEach(p => _byId.Remove(p.Id));
        }
        expired?.ForEach(p => p.TrySetException(new TimeoutException(
            $"The server did not complete the invocation of '{p.Method}' (id {p.Id}) within {timeout}.")));
    }

    /// <summary>Fails every pending call, and every later one, with the reason the connection closed.</summary>
    public void CloseAll(Exception? reason)
    {
        PendingInvocation[] all;
        lock (_lock)
        {
            _closedWith = reason ?? new HubConnectionException("The connection was closed.");
            all = [.. _byId.Values];
            _byId.Clear();
        }
        foreach (var pending in all)
        {
            pending.TrySetException(ClosedBeforeCompletion(pending.Method, _closedWith));
        }
    }

    private static HubConnectionException ClosedBeforeCompletion(string method, Exception reason) =>
        new($"The connection closed before the invocation of '{method}' completed: {reason.Message}", reason);
}
