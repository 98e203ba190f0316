using Feed.Client;
using Feed.Core;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients;

/// <summary><c>--client official</c>: Microsoft.AspNetCore.SignalR.Client (through <see cref="FeedClient"/>), as any .NET app would use it.</summary>
internal sealed class OfficialLoadTestClient(IHubProtocol protocol) : ILoadTestClient
{
    public async Task<ILoadTestConnection> ConnectAsync<TItem>(Uri url, string token, Action<TItem[]> onFeedUpdated, CancellationToken cancellationToken)
    {
        var client = await FeedClient.ConnectAsync(url, token, protocol, c =>
        {
            // Thousands of connects at once on a shared box: the 15 s default is for one user.
            c.Connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
            c.Connection.On(FeedHubMethods.FeedUpdated, onFeedUpdated);
        }, cancellationToken).ConfigureAwait(false);
        return new Connection(client);
    }

    private sealed class Connection(FeedClient client) : ILoadTestConnection
    {
        public Task<Exception?> Completion => client.Completion;

        public Task PublishAsync(string text) => client.PublishAsync(text);

        public Task FollowAsync(string userId, CancellationToken cancellationToken) => client.FollowAsync(userId, cancellationToken);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
