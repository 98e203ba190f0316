namespace Feed.SignalR.Delivery;

/// <summary>
/// SignalR group names, all in one place. <c>feed:{author}</c> holds every connection that
/// should see the author's posts: the author's own and those of each follower. A post is
/// sent once, to that one group.
/// </summary>
internal static class FeedGroups
{
    public static string Feed(string authorId) => "feed:" + authorId;
}
