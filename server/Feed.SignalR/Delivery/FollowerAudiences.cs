using System.Runtime.CompilerServices;
using Feed.Core;

namespace Feed.SignalR.Delivery;

/// <summary>
/// Audiences for Feed's engine, from the instance's shared <see cref="FollowerSets"/>: an author's
/// posts go to the author and everyone who follows them (audience name = the author's id); their
/// presence to the followers only (<see cref="FollowersOf"/>). A user id has no ':', so the names never meet.
/// Each held follower set has one audience object of each kind, as <see cref="IAudience"/> asks:
/// a set reloaded from the store (expired, or after <see cref="Reset"/>) is a new set, so new objects.
/// </summary>
public sealed class FollowerAudiences(FollowerSets followers) : IAudienceResolver
{
    private const string FollowersPrefix = "followers:";

    private readonly ConditionalWeakTable<FollowerSet, AuthorAudience> _authorAudiences = [];
    private readonly ConditionalWeakTable<FollowerSet, FollowersAudience> _followersAudiences = [];

    /// <summary>The audience of the user's followers, without the user.</summary>
    public static string FollowersOf(string userId) => FollowersPrefix + userId;

    public async ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken)
    {
        if (audience.StartsWith(FollowersPrefix, StringComparison.Ordinal))
        {
            var set = await followers.GetAsync(audience[FollowersPrefix.Length..], cancellationToken);
            return _followersAudiences.GetOrAdd(set, static set => new FollowersAudience(set));
        }
        var authorSet = await followers.GetAsync(audience, cancellationToken);
        return _authorAudiences.GetOrAdd(authorSet, static (set, author) => new AuthorAudience(author, set), audience);
    }

    public void Apply(string audience, string userId, bool member) => followers.Apply(audience, userId, member);

    public void Reset() => followers.Clear();

    private sealed class AuthorAudience(string author, FollowerSet followers) : IAudience
    {
        public int Count => followers.Count + 1;

        public bool Contains(string userId) => userId == author || followers.Contains(userId);

        public IEnumerable<string> Users => followers.Users.Prepend(author);
    }

    private sealed class FollowersAudience(FollowerSet followers) : IAudience
    {
        public int Count => followers.Count;

        public bool Contains(string userId) => followers.Contains(userId);

        public IEnumerable<string> Users => followers.Users;
    }
}
