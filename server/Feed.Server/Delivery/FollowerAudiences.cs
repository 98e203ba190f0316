using Feed.Core;
using Feed.SignalR;

namespace Feed.Server.Delivery;

/// <summary>
/// The audience of an author's posts for Feed's engine: the author and everyone who follows them
/// (audience name = the author's id), from the instance's shared <see cref="FollowerSets"/>.
/// </summary>
internal sealed class FollowerAudiences(FollowerSets followers) : IAudienceResolver
{
    public async ValueTask<IAudience> ResolveAsync(string audience, CancellationToken cancellationToken) =>
        new AuthorAudience(audience, await followers.GetAsync(audience, cancellationToken));

    public void Apply(string audience, string userId, bool member) => followers.Apply(audience, userId, member);

    public void Reset() => followers.Clear();

    private sealed class AuthorAudience(string author, FollowerSet followers) : IAudience
    {
        public int Count => followers.Count + 1;

        public bool Contains(string userId) => userId == author || followers.Contains(userId);

        public IEnumerable<string> Users => followers.Users.Prepend(author);
    }
}
