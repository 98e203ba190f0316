namespace Feed.Core;

/// <summary>Posts as feed items: each with its author's profile, fetched once per author.</summary>
internal static class FeedItems
{
    public static async Task<IReadOnlyList<FeedItem>> BuildAsync(IProfileSource profiles, List<Post> posts, CancellationToken cancellationToken)
    {
        if (posts.Count == 0)
        {
            return [];
        }
        var authorIds = posts.Select(p => p.AuthorId).Distinct(StringComparer.Ordinal).ToList();
        var authors = await profiles.GetAuthorsAsync(authorIds, cancellationToken);
        return posts.ConvertAll(p => Item(p, authors[p.AuthorId]));
    }

    public static FeedItem Item(Post post, AuthorProfile author) =>
        new(post.Id, post.Position.Encode(), post.AuthorId, author, post.Text, post.CreatedAt);
}
