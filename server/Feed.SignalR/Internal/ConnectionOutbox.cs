using Microsoft.AspNetCore.Connections.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// The messages waiting for one connection. Its <see cref="OutboxFlusher"/> writes a lone send at
/// once if the connection has no writer (<see cref="Send"/>), and queues a burst's messages before
/// writing them (<see cref="Enqueue"/>, then <see cref="Flush"/>): then the connection's messages
/// leave together, its transport wakes once and sends them in one WebSocket frame and one system
/// call, instead of once per message. Order is kept: one connection has at most one writer at a time.
/// A connection whose pipe is full (its client stopped reading) blocks the writer; past
/// <see cref="SlowConnectionPolicy.Backlog"/> messages waiting behind that write it is dropped.
/// Messages waiting only for the flusher never count: a busy server is not a slow client.
/// Several messages found waiting together go as one <see cref="CoalescedWrite"/>.
/// </summary>
internal sealed class ConnectionOutbox(HubConnectionContext context, SlowConnectionPolicy policy)
{
    /// <summary>At most this many messages in one write: a long queue still reaches the client in steps.</summary>
    internal const int MaxCoalesced = 64;

    private readonly Queue<SerializedHubMessage> _queue = new();
    private readonly List<SerializedHubMessage> _taken = [];
#pragma warning disable CA2252 // marked preview, yet how SignalR itself tells a stateful-reconnect connection
    private readonly bool _coalesce = context.Features.Get<IStatefulReconnectFeature>() is null;
#pragma warning restore CA2252
    private State _state; // guarded by _queue, as is _dropped; Scheduled: a writer holds it
    private bool _dropped;
    // While Blocked: the messages in the waiting write besides its first. They count toward the
    // backlog as they would queued one by one, so coalescing does not let a stuck reader hold more.
    private int _inBlockedWrite;

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

    /// <summary>A write is waiting for the connection's full pipe.</summary>
    public bool Blocked
    {
        get
        {
            lock (_queue)
            {
                return _state == State.Blocked;
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

    /// <summary>
    /// Queues the message; true if the connection had nothing waiting and so no writer: the caller
    /// is now its writer and must <see cref="Flush"/>. A blocked connection past its backlog is dropped.
    /// </summary>
    public bool Enqueue(SerializedHubMessage message) => Accept(message, queueIfIdle: true);

    /// <summary>
    /// Writes the message now if the connection has no writer (a lone send: it skips the queue),
    /// else queues it behind the writer as <see cref="Enqueue"/> does. Lets no failure out.
    /// </summary>
    public void Send(SerializedHubMessage message) => WriteContained(message);

    /// <summary>
    /// Hands every queued message to the connection, until none is left or its pipe is full. Lets
    /// no failure out: it runs on a flusher shared by many connections, which must go on whatever
    /// one of them does.
    /// </summary>
    public void Flush() => WriteContained(lone: null);

    /// <summary>
    /// Something nothing expects failed for this connection (not the transport's own error, which
    /// is logged and skipped): it is dropped rather than left with messages nobody will write; its
    /// client reconnects and catches up.
    /// </summary>
    public void Fail(Exception e)
    {
        lock (_queue)
        {
            _dropped = true;
            _queue.Clear();
            _state = State.Idle;
        }
        policy.Failed(context, e);
    }

    /// <summary>Writes the lone message if it gets the writer (none: the queue); a failure drops this connection only.</summary>
    private void WriteContained(SerializedHubMessage? lone)
    {
        try
        {
            if (lone is null || Accept(lone, queueIfIdle: false))
            {
                WriteQueued(lone);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>True if the message now has the connection's writer: the caller (idle, and not
    /// <paramref name="queueIfIdle"/>) is to write it, or (queued) to write the queue.</summary>
    private bool Accept(SerializedHubMessage message, bool queueIfIdle)
    {
        lock (_queue)
        {
            if (_dropped)
            {
                return false;
            }
            if (_state == State.Idle)
            {
                if (queueIfIdle)
                {
                    _queue.Enqueue(message);
                }
                _state = State.Scheduled;
                return true;
            }
            _queue.Enqueue(message);
            if (_state != State.Blocked || _queue.Count + _inBlockedWrite <= policy.Backlog)
            {
                return false; // the writer or the blocked write's continuation will take it
            }
        }
        Drop();
        return false;
    }

    /// <summary>Writes <paramref name="first"/> (if any), then the queue, until it is empty or the pipe is full.</summary>
    private void WriteQueued(SerializedHubMessage? first)
    {
        if (first is not null && !Write(first, coalesced: null))
        {
            return;
        }
        while (TryTake(out var message, out var coalesced))
        {
            if (!Write(message, coalesced))
            {
                return;
            }
        }
    }

    /// <summary>False if the pipe is full: the rest waits for it to drain.</summary>
    private bool Write(SerializedHubMessage message, CoalescedWrite? coalesced)
    {
        ValueTask write;
        try
        {
            write = context.WriteAsync(message);
        }
        catch (Exception e)
        {
            coalesced?.Dispose();
            policy.WriteFailed(context, e);
            return true;
        }
        if (!write.IsCompletedSuccessfully)
        {
            WaitForPipe(write, coalesced);
            return false;
        }
        coalesced?.Dispose();
        return true;
    }

    /// <summary>The connection's pipe is full: the rest waits (and queues up) until it drains.</summary>
    private void WaitForPipe(ValueTask write, CoalescedWrite? coalesced)
    {
        bool tooMany;
        lock (_queue)
        {
            _state = State.Blocked;
            _inBlockedWrite = (coalesced?.Count ?? 1) - 1;
            tooMany = _queue.Count + _inBlockedWrite > policy.Backlog;
        }
        if (tooMany)
        {
            Drop();
        }
        _ = WriteQueuedAfterAsync(write, coalesced);
    }

    private async Task WriteQueuedAfterAsync(ValueTask write, CoalescedWrite? coalesced)
    {
        try
        {
            await write;
        }
        catch (Exception e)
        {
            policy.WriteFailed(context, e);
        }
        finally
        {
            coalesced?.Dispose();
        }
        lock (_queue)
        {
            _state = State.Scheduled;
            _inBlockedWrite = 0;
        }
        Flush();
    }

    /// <summary>The next write: one message, or every message waiting (up to <see cref="MaxCoalesced"/>) combined.</summary>
    private bool TryTake(out SerializedHubMessage message, out CoalescedWrite? coalesced)
    {
        coalesced = null;
        lock (_queue)
        {
            if (!_queue.TryDequeue(out message!))
            {
                _state = State.Idle;
                return false;
            }
            if (!_coalesce || _queue.Count == 0)
            {
                return true;
            }
            _taken.Add(message);
            while (_taken.Count < MaxCoalesced && _queue.TryDequeue(out var next))
            {
                _taken.Add(next);
            }
        }
        // Outside the lock: the first protocol to ask serializes a message. One writer at a time, so _taken is ours.
        try
        {
            coalesced = CoalescedWrite.Combine(_taken, context.Protocol);
            message = coalesced.Message;
        }
        finally
        {
            _taken.Clear();
        }
        return true;
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
