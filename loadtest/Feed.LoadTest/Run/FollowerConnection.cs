using Feed.LoadTest.Clients;
using Feed.LoadTest.Delivery;

namespace Feed.LoadTest.Run;

/// <summary>One follower user and its connection: where it connects, its token, what it received.</summary>
internal sealed class FollowerConnection(string userId, Uri url, FollowerInbox inbox)
{
    public string UserId { get; } = userId;

    public Uri Url { get; } = url;

    public FollowerInbox Inbox { get; } = inbox;

    public string? Token { get; set; }

    public ILoadTestConnection? Client { get; set; }

    /// <summary>Graph workload: a follow of this user's could not be made, so what it receives is not known.</summary>
    public bool FollowsFailed { get; set; }

    /// <summary>Connected and following everyone it should: this connection is expected to get its posts.</summary>
    public bool Ready { get; set; }
}
