namespace Feed.Core;

/// <summary>
/// Where presence is kept: which instances hold live connections of each user. One instance's
/// view: every call speaks for the instance that makes it. Users whose presence changed for
/// everyone are returned, so the caller can tell their followers; a call that throws changed
/// nothing the caller can count on (it writes everything again through <see cref="ResyncAsync"/>).
/// Implementations: <see cref="InMemoryPresenceStore"/> (one instance) and Redis (Feed.Redis),
/// where an instance's entries count only while its lease is renewed, so a crashed instance's
/// users fall offline by themselves (no goodbye needed).
/// </summary>
public interface IPresenceStore
{
    /// <summary>
    /// This instance now holds <paramref name="arrived"/> and no longer holds <paramref name="left"/>.
    /// Returns those of <paramref name="arrived"/> no other instance held (they came online) and
    /// those of <paramref name="left"/> no instance holds any more (they went offline).
    /// </summary>
    Task<PresenceChanges> ApplyAsync(IReadOnlyCollection<string> arrived, IReadOnlyCollection<string> left, CancellationToken cancellationToken);

    /// <summary>
    /// Renews this instance's lease (called every heartbeat) and ends those of instances that
    /// stopped renewing theirs: their users no live instance holds are returned in
    /// <see cref="PresenceRefresh.Expired"/>, now offline. <see cref="PresenceRefresh.InStep"/> is
    /// false when the store does not hold exactly <paramref name="held"/> users for this instance
    /// (it lost them, say after a restart, or took this instance for dead): call <see cref="ResyncAsync"/>.
    /// </summary>
    Task<PresenceRefresh> RefreshAsync(int held, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this instance's entries exactly <paramref name="held"/>, writing them again; every other
    /// user it had, and <paramref name="released"/> (users this instance let go while the store was
    /// unreachable), is removed and reported offline if no instance holds them.
    /// </summary>
    Task<PresenceChanges> ResyncAsync(IReadOnlyCollection<string> held, IReadOnlyCollection<string> released, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="userIds"/> held by a live instance; a bounded number of round trips however many.</summary>
    Task<IReadOnlyCollection<string>> OnlineAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);
}

/// <summary>Users whose presence changed for everyone.</summary>
public sealed record PresenceChanges(IReadOnlyList<string> CameOnline, IReadOnlyList<string> WentOffline)
{
    public static PresenceChanges None { get; } = new([], []);
}

/// <summary>The result of a heartbeat: see <see cref="IPresenceStore.RefreshAsync"/>.</summary>
public sealed record PresenceRefresh(bool InStep, IReadOnlyList<string> Expired);
