using System.Net.Http.Json;
using Feed.Core;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client;

/// <summary>
/// The Feed hub (<see cref="FeedHubMethods"/>) with typed methods, over a <see cref="HubConnection"/>.
/// Server-to-client pushes arrive through <see cref="OnFeedUpdated(Action{FeedItem[]})"/> and
/// <see cref="OnResync(Action)"/>; anything else goes through <see cref="Connection"/>.
/// </summary>
public sealed class FeedClient : IAsyncDisposable
{
    private FeedClient(HubConnection connection) => Connection = connection;

    /// <summary>The underlying connection: Closed, Completion, raw invocations.</summary>
    public HubConnection Connection { get; }

    /// <summary>
    /// Connects to the Feed hub. <paramref name="url"/> is either the server's base URL
    /// (<c>http://host:port</c>, the hub path is appended) or the hub URL itself (ending in
    /// <c>/hubs/feed</c>).
    /// </summary>
    public static Task<FeedClient> ConnectAsync(Uri url, string accessToken, IHubProtocol? protocol = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var options = new HubConnectionOptions { AccessToken = accessToken };
        if (protocol is not null)
        {
            options.Protocol = protocol;
        }
        return ConnectAsync(url, options, cancellationToken);
    }

    /// <summary>As above, with full control over the connection (timeouts, logger, shared HTTP handler).</summary>
    public static Task<FeedClient> ConnectAsync(Uri url, HubConnectionOptions options,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(url, options, beforeStart: null, cancellationToken);

    /// <summary>
    /// As above, calling <paramref name="beforeStart"/> (to register OnFeedUpdated / OnResync)
    /// before the first message is read, so a push right after connecting is not missed.
    /// </summary>
    public static async Task<FeedClient> ConnectAsync(Uri url, HubConnectionOptions options,
        Action<FeedClient>? beforeStart, CancellationToken cancellationToken = default)
    {
        FeedClient? client = null;
        await HubConnection.ConnectAsync(HubUrlOf(url), options, connection =>
        {
            client = new FeedClient(connection);
            beforeStart?.Invoke(client);
        }, cancellationToken).ConfigureAwait(false);
        return client!;
    }

    /// <summary>The hub URL for a server base URL; a URL already ending in the hub path is kept.</summary>
    public static Uri HubUrlOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URL '{url}' must be absolute.", nameof(url));
        }
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(FeedHubMethods.Path, StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }
        return new UriBuilder(url) { Path = path + FeedHubMethods.Path }.Uri;
    }

    /// <summary><c>GetFeed(query)</c>; null means the defaults (<c>{}</c>).</summary>
    public async Task<FeedPage> GetFeedAsync(FeedQuery? query = null, CancellationToken cancellationToken = default) =>
        await Connection.InvokeAsync<FeedPage>(FeedHubMethods.GetFeed, [query ?? new FeedQuery()], cancellationToken)
            .ConfigureAwait(false)
        ?? throw new InvalidDataException("The server returned no FeedPage for GetFeed.");

    /// <summary><c>Publish({ text })</c>: returns the stored item.</summary>
    public async Task<FeedItem> PublishAsync(string text, CancellationToken cancellationToken = default) =>
        await Connection.InvokeAsync<FeedItem>(FeedHubMethods.Publish, [new PublishRequest(text)], cancellationToken)
            .ConfigureAwait(false)
        ?? throw new InvalidDataException("The server returned no FeedItem for Publish.");

    public Task FollowAsync(string userId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(FeedHubMethods.Follow, [userId], cancellationToken);

    public Task UnfollowAsync(string userId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(FeedHubMethods.Unfollow, [userId], cancellationToken);

    /// <summary>Handles <c>FeedUpdated(items)</c>. Dispose the result to stop.</summary>
    public IDisposable OnFeedUpdated(Action<FeedItem[]> handler) =>
        Connection.On(FeedHubMethods.FeedUpdated, handler);

    /// <summary>Handles <c>FeedUpdated(items)</c> asynchronously (it may call back into the hub).</summary>
    public IDisposable OnFeedUpdated(Func<FeedItem[], Task> handler) =>
        Connection.On(FeedHubMethods.FeedUpdated, handler);

    /// <summary>Handles <c>Resync()</c>: the client should call <c>GetFeed({ after })</c>.</summary>
    public IDisposable OnResync(Action handler) => Connection.On(FeedHubMethods.Resync, handler);

    /// <summary>Handles <c>Resync()</c> asynchronously, e.g. by awaiting <see cref="GetFeedAsync"/>.</summary>
    public IDisposable OnResync(Func<Task> handler) => Connection.On(FeedHubMethods.Resync, handler);

    /// <summary>
    /// Gets a development token: <c>POST /api/auth/token {"userId":...}</c> against
    /// <paramref name="http"/>'s BaseAddress, returning <c>accessToken</c>.
    /// </summary>
    public static async Task<string> GetDevTokenAsync(HttpClient http, string userId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        using var response = await http.PostAsJsonAsync("/api/auth/token", new DevTokenRequest(userId), cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException(
                $"POST /api/auth/token for '{userId}' answered {(int)response.StatusCode} {response.StatusCode}: {body}",
                null, response.StatusCode);
        }
        var token = await response.Content.ReadFromJsonAsync<DevTokenResponse>(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(token?.AccessToken)
            ? throw new InvalidDataException("POST /api/auth/token returned no accessToken.")
            : token.AccessToken;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private sealed record DevTokenRequest(string UserId);

    private sealed record DevTokenResponse(string? AccessToken);
}
