namespace Feed.Core;

/// <summary>Presence for one instance (no backplane): the instance is the only one, so it never expires.</summary>
public sealed class InMemoryPresenceStore : IPresenceStore
{
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<PresenceChanges> ApplyAsync(IReadOnlyCollection<string> arrived, IReadOnlyCollection<string> left, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new PresenceChanges([.. arrived.Where(_held.Add)], [.. left.Where(_held.Remove)]));
        }
    }

    public Task<PresenceRefresh> RefreshAsync(int held, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new PresenceRefresh(held == _held.Count, []));
        }
    }

    public Task<PresenceChanges> ResyncAsync(IReadOnlyCollection<string> held, IReadOnlyCollection<string> released, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var wanted = held.ToHashSet(StringComparer.Ordinal);
            var gone = _held.Where(u => !wanted.Contains(u)).ToList();
            var came = wanted.Where(u => !_held.Contains(u)).ToList();
            _held.Clear();
            _held.UnionWith(wanted);
            return Task.FromResult(new PresenceChanges(came, gone));
        }
    }

    public Task<IReadOnlyCollection<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyCollection<string>>([.. userIds.Where(_held.Contains)]);
        }
    }
}
