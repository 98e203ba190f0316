using System.Buffers;
using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Internal;

/// <summary>
/// One message and the connections one flusher is to write it to, gathered by the sender. The
/// connections are held in a pooled array, given back once the flusher has queued or written them.
/// </summary>
internal sealed class PendingSend(SerializedHubMessage message)
{
    private const int FirstSize = 16;

    private LocalConnection[] _targets = ArrayPool<LocalConnection>.Shared.Rent(FirstSize);
    private int _count;

    public SerializedHubMessage Message { get; } = message;

    public ReadOnlySpan<LocalConnection> Targets => _targets.AsSpan(0, _count);

    public void Add(LocalConnection connection)
    {
        if (_count == _targets.Length)
        {
            var larger = ArrayPool<LocalConnection>.Shared.Rent(_count * 2);
            _targets.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<LocalConnection>.Shared.Return(_targets, clearArray: true);
            _targets = larger;
        }
        _targets[_count++] = connection;
    }

    /// <summary>Gives the array back, cleared: the pool must not keep connections alive.</summary>
    public void Release()
    {
        ArrayPool<LocalConnection>.Shared.Return(_targets, clearArray: true);
        (_targets, _count) = ([], 0);
    }
}
