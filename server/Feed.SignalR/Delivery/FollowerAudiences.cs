using Feed.Core;

namespace Feed.SignalR.Delivery;

/// <summary>
/// Audiences for Feed's engine, from the instance's shared <see cref="FollowerSets"/>: an author's
/// posts go to the author and everyone who follows them (audience name = the author's id); their
/// presence to the followers only (<see cref="FollowersOf"/>). A user id has no ':', so the names never meet.
/// </summary>
public sealed class FollowerAudiences(FollowerSets followers) : IAudienceResolver
{
    private const string FollowersPrefix = "followers:";

    /// <summary>The audience of the user's followers, without the user.</summary>
    public static string FollowersOf(string userId) => FollowersPrefix + userId;

    public async ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken)
    {
        if (audience.StartsWith(FollowersPrefix, StringComparison.Ordinal))
        {
            return new FollowersAudience(await followers.GetAsync(audience[FollowersPrefix.Length..], cancellationToken));
        }
        return new AuthorAudience(audience, await followers.GetAsync(audience, cancellationToken));
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
