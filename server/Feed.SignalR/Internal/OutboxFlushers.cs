using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// Several <see cref="OutboxFlusher"/>s, so one serial flusher does not cap a many-core machine:
/// each connection is given one for its lifetime, by the hash of its id, which keeps that
/// connection's writes in order (one writer at a time) while different connections are written
/// in parallel. About one flusher per two cores (<see cref="FeedDeliveryOptions.Flushers"/>): the transports their writes wake need threads too.
/// </summary>
internal sealed class OutboxFlushers
{
    private readonly OutboxFlusher[] _flushers;

    public OutboxFlushers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _flushers = [.. Enumerable.Range(0, count).Select(i => new OutboxFlusher(i))];
    }

    public int Count => _flushers.Length;

    public OutboxFlusher this[int index] => _flushers[index];

    public OutboxFlusher For(string connectionId) =>
        _flushers[(int)((uint)StringComparer.Ordinal.GetHashCode(connectionId) % (uint)_flushers.Length)];

    /// <summary>Starts gathering the connections one message goes to.</summary>
    public SendTargets Gather(SerializedHubMessage message) => new(this, message);
}
