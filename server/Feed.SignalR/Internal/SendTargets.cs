using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// The connections one send reaches, gathered on the sender's thread (so a send reaches whoever
/// is a member when it is made, as with SignalR's own lifetime manager) and split by the flusher
/// each connection belongs to. <see cref="Post"/> hands each flusher its share whole: one item per
/// flusher per send, instead of one per connection.
/// </summary>
internal sealed class SendTargets(OutboxFlushers flushers, SerializedHubMessage message)
{
    private readonly PendingSend?[] _shares = new PendingSend?[flushers.Count];

    public void Add(LocalConnection connection) =>
        (_shares[connection.Flusher.Index] ??= new PendingSend(message)).Add(connection);

    /// <summary>Hands the gathered connections to their flushers; returns how many there are.</summary>
    public int Post()
    {
        var sent = 0;
        for (var i = 0; i < _shares.Length; i++)
        {
            if (_shares[i] is { } share)
            {
                sent += share.Targets.Length;
                flushers[i].Post(share);
            }
        }
        return sent;
    }
}
