using Feed.Core;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Client.Tests.TestServer;

/// <summary>
/// The Feed hub's method names and shapes, returning canned values built from the arguments,
/// so FeedClient's binding of FeedQuery, FeedPage and FeedItem is proven without the server.
/// </summary>
public sealed class FakeFeedHub(HubProbe probe) : Hub
{
    public const string UnknownUser = "nobody";
    public const long CreatedAt = 1_700_000_000_123L;
    public const string WelcomeQuery = "welcome";

    /// <summary>With ?welcome=1, pushes an item the moment the connection starts.</summary>
    public override Task OnConnectedAsync() =>
        Context.GetHttpContext()?.Request.Query.ContainsKey(WelcomeQuery) == true
            ? Clients.Caller.SendAsync(FeedHubMethods.FeedUpdated, new[] { Item("welcome", "welcome") })
            : Task.CompletedTask;

    private string UserId
    {
        get
        {
            string? token = Context.GetHttpContext()?.Request.Query["access_token"];
            return token?.StartsWith(TestServerFixture.DevTokenPrefix, StringComparison.Ordinal) == true
                ? token[TestServerFixture.DevTokenPrefix.Length..]
                : "tester";
        }
    }

    public FeedPage GetFeed(FeedQuery query)
    {
        if (query.Before is not null && query.After is not null)
        {
            throw new HubException("before and after cannot be combined");
        }
        var from = query.Before ?? query.After ?? "top";
        var items = Enumerable.Range(0, query.Limit ?? 3).Select(i => Item($"{from}-{i}", $"post {i} from {from}")).ToList();
        return new FeedPage(items, query.Limit is null ? null : $"next-{from}");
    }

    public async Task<FeedItem> Publish(PublishRequest request)
    {
        var item = Item("p-" + UserId, request.Text?.Trim() ?? throw new HubException("text: required"));
        // Like the real hub: the author's connections get the new item pushed.
        await Clients.Caller.SendAsync(FeedHubMethods.FeedUpdated, new[] { item });
        return item;
    }

    public void Follow(string userId)
    {
        if (userId == UnknownUser)
        {
            throw new HubException($"userId: unknown user '{userId}'");
        }
        probe.Follow(UserId, userId);
    }

    public void Unfollow(string userId) => probe.Unfollow(UserId, userId);

    public string[] Following() => probe.Following(UserId);

    public Task TriggerResync() => Clients.Caller.SendAsync(FeedHubMethods.Resync);

    private FeedItem Item(string id, string text) =>
        new(id, "c-" + id, UserId, new AuthorProfile(UserId, "User " + UserId, $"https://img.test/{UserId}.png"), text, CreatedAt);
}
