namespace Feed.Core;

/// <summary>The hub's method names, shared by the server, the C# client and the load tester.</summary>
public static class FeedHubMethods
{
    public const string Path = "/hubs/feed";

    // Client to server.
    public const string GetFeed = "GetFeed";
    public const string Publish = "Publish";
    public const string Follow = "Follow";
    public const string Unfollow = "Unfollow";
    public const string GetOnline = "GetOnline";

    // Server to client.
    public const string FeedUpdated = "FeedUpdated";
    public const string Resync = "Resync";
    public const string PresenceChanged = "PresenceChanged";
}
