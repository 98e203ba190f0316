using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis.Internal.Local;

/// <summary>
/// The messages waiting for one connection. A send only enqueues; one thread-pool work item per
/// connection then writes everything queued back to back. When a burst reaches many connections,
/// each connection's messages pile up while the work items wait their turn, so its transport
/// wakes once and sends them in one WebSocket frame and one system call, instead of the sender
/// and the transport contending for the connection's pipe once per message. Order is kept: one
/// connection has at most one writer at a time.
/// A connection whose pipe is full (its client stopped reading) blocks the writer; past
/// <see cref="SlowConnectionPolicy.Backlog"/> messages waiting behind that write it is dropped.
/// Messages waiting only for their work item to run never count: a busy server is not a slow client.
/// </summary>
internal sealed class ConnectionOutbox(HubConnectionContext context, SlowConnectionPolicy policy) : IThreadPoolWorkItem
{
    private readonly Queue<SerializedHubMessage> _queue = new();
    private State _state; // guarded by _queue, as is _dropped
    private bool _dropped;

    private enum State { Idle, Scheduled, Blocked }

    /// <summary>Messages queued and not yet handed to the connection.</summary>
    public int Count
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    public bool Dropped
    {
        get
        {
            lock (_queue)
            {
                return _dropped;
            }
        }
    }

    public void Enqueue(SerializedHubMessage message)
    {
        lock (_queue)
        {
            if (_dropped)
            {
                return;
            }
            _queue.Enqueue(message);
            switch (_state)
            {
                case State.Blocked when _queue.Count > policy.Backlog:
                    break; // dropped below, outside the lock
                case State.Blocked or State.Scheduled:
                    return;
                default:
                    _state = State.Scheduled;
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
            }
        }
        Drop();
    }

    void IThreadPoolWorkItem.Execute() => WriteQueued();

    private void WriteQueued()
    {
        while (TryDequeue(out var message))
        {
            ValueTask write;
            try
            {
                write = context.WriteAsync(message);
            }
            catch (Exception e)
            {
                policy.WriteFailed(context, e);
                continue;
            }
            if (!write.IsCompletedSuccessfully)
            {
                WaitForPipe(write);
                return;
            }
        }
    }

    /// <summary>The connection's pipe is full: the rest waits (and queues up) until it drains.</summary>
    private void WaitForPipe(ValueTask write)
    {
        bool tooMany;
        lock (_queue)
        {
            _state = State.Blocked;
            tooMany = _queue.Count > policy.Backlog;
        }
        if (tooMany)
        {
            Drop();
        }
        _ = WriteQueuedAfterAsync(write);
    }

    private async Task WriteQueuedAfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception e)
        {
            policy.WriteFailed(context, e);
        }
        lock (_queue)
        {
            _state = State.Scheduled;
        }
        WriteQueued();
    }

    private bool TryDequeue(out SerializedHubMessage message)
    {
        lock (_queue)
        {
            if (_queue.TryDequeue(out message!))
            {
                return true;
            }
            _state = State.Idle;
            return false;
        }
    }

    private void Drop()
    {
        lock (_queue)
        {
            if (_dropped)
            {
                return;
            }
            _dropped = true;
            _queue.Clear();
        }
        policy.Drop(context);
    }
}
