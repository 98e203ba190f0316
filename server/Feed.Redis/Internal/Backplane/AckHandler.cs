using System.Collections.Concurrent;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Waits for every other instance to acknowledge a group command. How many instances must ack
/// is only known when PUBLISH replies (its count of subscribers, minus this instance), and acks
/// may arrive before that reply: each pending ack counts both sides under one lock.
/// </summary>
internal sealed class AckHandler
{
    private readonly ConcurrentDictionary<long, PendingAck> _pending = new();
    private long _lastId;

    public PendingAck Create()
    {
        var ack = new PendingAck(Interlocked.Increment(ref _lastId));
        _pending[ack.Id] = ack;
        return ack;
    }

    public void OnAck(long id)
    {
        if (_pending.TryGetValue(id, out var ack))
        {
            ack.Received();
        }
    }

    /// <summary>Waits until <paramref name="expected"/> acks arrived; throws <see cref="TimeoutException"/> otherwise.</summary>
    public async Task WaitAsync(PendingAck ack, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            ack.Expect(expected);
            await ack.Completed.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {ack.Count} of {expected} other instances acknowledged the group change within {timeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            Forget(ack);
        }
    }

    public void Forget(PendingAck ack) => _pending.TryRemove(ack.Id, out _);

    internal sealed class PendingAck(long id)
    {
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _received;
        private long _expected = -1;

        public long Id { get; } = id;

        public Task Completed => _completed.Task;

        public long Count
        {
            get { lock (_completed) { return _received; } }
        }

        public void Received()
        {
            lock (_completed)
            {
                _received++;
                CompleteIfDone();
            }
        }

        public void Expect(long count)
        {
            lock (_completed)
            {
                _expected = count;
                CompleteIfDone();
            }
        }

        private void CompleteIfDone()
        {
            if (_expected >= 0 && _received >= _expected)
            {
                _completed.TrySetResult();
            }
        }
    }
}
