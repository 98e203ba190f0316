using System.Collections.Concurrent;

namespace Feed.SignalR.Internal;

/// <summary>
/// Writes the queued messages of every connection that has some, one connection after another,
/// from one thread-pool work item at a time. It starts as soon as the first message is queued
/// and runs beside the sender, so a fan-out's first sockets are written (and their transports
/// send) while the sender is still queueing for the rest; in a burst the sender outruns it, and
/// each connection's messages pile up and leave together. One connection failing never stops it
/// (<see cref="ConnectionOutbox.Flush"/> keeps a connection's failure to itself).
/// </summary>
internal sealed class OutboxFlusher : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<ConnectionOutbox> _waiting = new();
    private int _running;

    /// <summary>Called once each time an outbox goes from empty to not empty.</summary>
    public void Schedule(ConnectionOutbox outbox)
    {
        _waiting.Enqueue(outbox);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        do
        {
            while (_waiting.TryDequeue(out var outbox))
            {
                outbox.Flush();
            }
            // An outbox scheduled between the last dequeue and the reset saw _running == 1 and left
            // it to us, so look again. A full fence, not a volatile write: the look must not be
            // done before the reset is visible, or that Schedule and this look both miss (a lost
            // wake-up that left a connection with a queued message and no writer, once in CI).
            Interlocked.Exchange(ref _running, 0);
        }
        while (!_waiting.IsEmpty && Interlocked.CompareExchange(ref _running, 1, 0) == 0);
    }
}
