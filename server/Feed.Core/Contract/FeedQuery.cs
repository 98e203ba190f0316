namespace Feed.Core;

/// <summary>
/// Arguments of <c>GetFeed</c>: at most one of <see cref="Before"/> and <see cref="After"/>;
/// <see cref="Limit"/> 1..100, default 20.
/// </summary>
public sealed record FeedQuery(string? Before = null, string? After = null, int? Limit = null);

/// <summary>Arguments of <c>Publish</c>.</summary>
public sealed record PublishRequest(string? Text);

/// <summary>A user's public profile (<c>GET /api/users/{id}</c>).</summary>
public sealed record UserProfile(string Id, string DisplayName, string? AvatarUrl, string? Bio)
{
    public AuthorProfile ToAuthor() => new(Id, DisplayName, AvatarUrl);
}
