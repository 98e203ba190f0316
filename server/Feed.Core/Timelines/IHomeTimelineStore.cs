namespace Feed.Core;

/// <summary>
/// Where home timelines live: per user, the newest post positions (createdAt, id) of the authors
/// they follow, capped at <see cref="TimelineOptions.Capacity"/>, and a floor: the timeline holds
/// every fanned-out post with createdAt above its floor (<see cref="TimelineFloor.Complete"/>: all).
/// Writes never create a timeline (only a rebuild does), so a cold timeline is never half-filled;
/// adding a position twice keeps one. Failures surface as <see cref="TimelineUnavailableException"/>.
/// </summary>
public interface IHomeTimelineStore
{
    /// <summary>
    /// Up to <paramref name="count"/> positions in the range's direction from its cursor, cursor's
    /// millisecond included (the caller drops ties): newest first down to the floor, or oldest first
    /// after <see cref="PostRange.After"/>. Refreshes the inactivity TTL.
    /// </summary>
    Task<TimelineRead> ReadAsync(string userId, PostRange range, int count, CancellationToken cancellationToken);

    /// <summary>Empties the user's timeline and marks it being built; fan-out writes land in it from now on. Returns the build's token.</summary>
    Task<string> BeginRebuildAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Adds what the build read from the store and makes the timeline ready; false if another build took it over.</summary>
    Task<bool> FinishRebuildAsync(string userId, string token, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken);

    /// <summary>Adds the positions to each of the users' timelines that exist, trims them to the cap and raises their floor to at least <paramref name="floor"/>.</summary>
    Task AddAsync(IReadOnlyCollection<string> userIds, IReadOnlyList<FeedCursor> entries, long floor, CancellationToken cancellationToken);

    /// <summary>Removes the positions from the user's timeline, if it exists.</summary>
    Task RemoveAsync(string userId, IReadOnlyList<FeedCursor> entries, CancellationToken cancellationToken);

    /// <summary>Authors that are not fanned out on write (too many followers).</summary>
    Task<IReadOnlyCollection<string>> GetCelebritiesAsync(CancellationToken cancellationToken);

    Task AddCelebrityAsync(string authorId, CancellationToken cancellationToken);

    /// <summary>Every timeline is stale from now on: each is rebuilt on its next read.</summary>
    Task InvalidateAllAsync(CancellationToken cancellationToken);
}

/// <summary>A timeline's state and the positions read from it.</summary>
public sealed record TimelineRead(TimelineState State, long Floor, IReadOnlyList<FeedCursor> Entries)
{
    public static TimelineRead Missing { get; } = new(TimelineState.Missing, TimelineFloor.Complete, []);
}

public enum TimelineState
{
    /// <summary>Never built, expired, flushed, or older than the last <see cref="IHomeTimelineStore.InvalidateAllAsync"/>.</summary>
    Missing,

    /// <summary>A rebuild has begun and not finished.</summary>
    Building,

    Ready,
}

public static class TimelineFloor
{
    /// <summary>The floor of a timeline that holds everything: post times are never negative.</summary>
    public const long Complete = -1;
}

/// <summary>The timeline store could not be reached; pages come from the store query meanwhile.</summary>
public sealed class TimelineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
