namespace Feed.Core;

/// <summary>
/// Supplies the author shown on feed items. Never fails for an unknown or unreachable author:
/// it returns a placeholder (<see cref="Placeholder"/>) so a page is always served.
/// </summary>
public interface IProfileSource
{
    /// <summary>One profile per distinct id asked for, keyed by id.</summary>
    Task<IReadOnlyDictionary<string, AuthorProfile>> GetAuthorsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>What an author looks like when their profile cannot be had.</summary>
    static AuthorProfile Placeholder(string userId) => new(userId, userId, null);
}

/// <summary>Profiles read from the feed store in one batch (the default: no profile service).</summary>
public sealed class StoreProfileSource(IFeedStore store) : IProfileSource
{
    public async Task<IReadOnlyDictionary<string, AuthorProfile>> GetAuthorsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var found = await store.FindUsersAsync(userIds, cancellationToken);
        var byId = new Dictionary<string, AuthorProfile>(userIds.Count, StringComparer.Ordinal);
        foreach (var user in found)
        {
            byId[user.Id] = user.ToAuthor();
        }
        foreach (var id in userIds)
        {
            byId.TryAdd(id, IProfileSource.Placeholder(id));
        }
        return byId;
    }
}
