using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// Writes sends to the connections it was given, from one thread-pool work item at a time, so the
/// sender never waits for a socket. A send found alone is written straight to each idle
/// connection: one post's fan-out crosses threads once, not once per connection. When several
/// sends are waiting (a burst outran the writing), a batch of them is queued in the connections'
/// outboxes first and each outbox is then written once, its messages together
/// (<see cref="ConnectionOutbox"/>); between batches the flusher lets the transports send. Sends are taken in the order they were posted, and a
/// connection has one flusher, so its messages keep their order. One connection failing never
/// stops it (<see cref="ConnectionOutbox.Fail"/> keeps a connection's failure to itself).
/// </summary>
internal sealed class OutboxFlusher(int index) : IThreadPoolWorkItem
{
    /// <summary>
    /// Sends queued before their outboxes are written: a burst leaves in steps of this many, each
    /// about one memory-pool block per connection at typical post sizes (16 x ~225 bytes).
    /// </summary>
    private const int MaxBatch = 16;

    private readonly ConcurrentQueue<PendingSend> _sends = new();
    private readonly List<ConnectionOutbox> _scheduled = [];
    private int _running;

    /// <summary>Its place among the instance's flushers.</summary>
    public int Index => index;

    public void Post(PendingSend send)
    {
        _sends.Enqueue(send);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            if (_sends.TryDequeue(out var send))
            {
                if (_sends.IsEmpty)
                {
                    Write(send);
                }
                else
                {
                    WriteTogether(send);
                }
                if (!_sends.IsEmpty)
                {
                    // More to write: queue behind the transports these writes just woke, so they
                    // send before this writes again. A burst then holds about one batch per connection
                    // in its pipes instead of all of it (its sends are shared until written, the pipes'
                    // bytes are copies per connection, and the server's memory pool keeps its peak).
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }
            }
            // A send posted between the last dequeue and the reset saw _running == 1 and left it
            // to us, so look again. A full fence, not a volatile write: the look must not be done
            // before the reset is visible, or that Post and this look both miss (a lost wake-up
            // that left a connection with a queued message and no writer, once in CI).
            Interlocked.Exchange(ref _running, 0);
            if (_sends.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private static void Write(PendingSend send)
    {
        foreach (var target in send.Targets)
        {
            target.Outbox.Send(send.Message);
        }
        send.Release();
    }

    private void WriteTogether(PendingSend first)
    {
        var taken = 0;
        for (var send = first; send is not null; send = ++taken < MaxBatch && _sends.TryDequeue(out var next) ? next : null)
        {
            foreach (var target in send.Targets)
            {
                if (Queue(target, send.Message))
                {
                    _scheduled.Add(target.Outbox);
                }
            }
            send.Release();
        }
        foreach (var outbox in _scheduled)
        {
            outbox.Flush();
        }
        _scheduled.Clear();
    }

    /// <summary>Queues the message for the target; true if this flusher is now its writer. A failure stays the target's.</summary>
    private static bool Queue(LocalConnection target, SerializedHubMessage message)
    {
        try
        {
            return target.Outbox.Enqueue(message);
        }
        catch (Exception e)
        {
            target.Outbox.Fail(e);
            return false;
        }
    }
}
