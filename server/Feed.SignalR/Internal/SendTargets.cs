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
    private PendingSend? _one; // with a single flusher, the only share
    private PendingSend?[]? _shares;

    public void Add(LocalConnection connection)
    {
        if (flushers.Count == 1)
        {
            (_one ??= new PendingSend(message)).Add(connection);
            return;
        }
        _shares ??= new PendingSend?[flushers.Count];
        (_shares[connection.Flusher.Index] ??= new PendingSend(message)).Add(connection);
    }

    /// <summary>Hands the gathered connections to their flushers; returns how many there are.</summary>
    public int Post()
    {
        if (_one is not null)
        {
            flushers[0].Post(_one);
            return _one.Count;
        }
        var sent = 0;
        for (var i = 0; _shares is not null && i < _shares.Length; i++)
        {
            if (_shares[i] is { } share)
            {
                flushers[i].Post(share);
                sent += share.Count;
            }
        }
        return sent;
    }
}
