using System.Net.Http.Json;
using Feed.Core;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Client;

/// <summary>
/// The Feed hub (<see cref="FeedHubMethods"/>) with typed methods, over a <see cref="HubConnection"/>.
/// Server-to-client pushes arrive through <see cref="OnFeedUpdated(Action{FeedItem[]})"/> and
/// <see cref="OnResync(Action)"/>; anything else goes through <see cref="Connection"/>.
/// </summary>
public sealed class FeedClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FeedClient(HubConnection connection)
    {
        Connection = connection;
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>The underlying official connection: state, raw invocations, handlers.</summary>
    public HubConnection Connection { get; }

    /// <summary>Completes when the connection closes: null when closed by us or cleanly, else the error.</summary>
    public Task<Exception?> Completion => _closed.Task;

    /// <summary>
    /// Connects to the Feed hub. <paramref name="url"/> is either the server's base URL
    /// (<c>http://host:port</c>, the hub path is appended) or the hub URL itself (ending in
    /// <c>/hubs/feed</c>). <paramref name="protocol"/> defaults to JSON.
    /// </summary>
    public static Task<FeedClient> ConnectAsync(Uri url, string accessToken, IHubProtocol? protocol = null,
        CancellationToken cancellationToken = default) =>
        ConnectAsync(url, accessToken, protocol, beforeStart: null, cancellationToken);

    /// <summary>
    /// As above, calling <paramref name="beforeStart"/> (to register OnFeedUpdated / OnResync)
    /// before the connection starts, so a push right after connecting is not missed.
    /// </summary>
    public static async Task<FeedClient> ConnectAsync(Uri url, string accessToken, IHubProtocol? protocol,
        Action<FeedClient>? beforeStart, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var client = new FeedClient(Build(url, () => Task.FromResult<string?>(accessToken), protocol));
        beforeStart?.Invoke(client);
        try
        {
            await client.Connection.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return client;
    }

    /// <summary>
    /// An official <see cref="HubConnection"/> to the Feed hub, not started: WebSockets only,
    /// without the negotiate round trip (so no sticky sessions are needed behind a load balancer).
    /// </summary>
    public static HubConnection Build(Uri url, Func<Task<string?>> accessTokenProvider, IHubProtocol? protocol = null,
        Action<HttpConnectionOptions>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(HubUrlOf(url), options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = accessTokenProvider;
            configure?.Invoke(options);
        });
        if (protocol is not null)
        {
            builder.Services.AddSingleton(protocol); // the last IHubProtocol registered is the one used
        }
        return builder.Build();
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
        await Connection.InvokeAsync<FeedPage>(FeedHubMethods.GetFeed, query ?? new FeedQuery(), cancellationToken)
            .ConfigureAwait(false)
        ?? throw new InvalidDataException("The server returned no FeedPage for GetFeed.");

    /// <summary><c>Publish({ text })</c>: returns the stored item.</summary>
    public async Task<FeedItem> PublishAsync(string text, CancellationToken cancellationToken = default) =>
        await Connection.InvokeAsync<FeedItem>(FeedHubMethods.Publish, new PublishRequest(text), cancellationToken)
            .ConfigureAwait(false)
        ?? throw new InvalidDataException("The server returned no FeedItem for Publish.");

    public Task FollowAsync(string userId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(FeedHubMethods.Follow, userId, cancellationToken);

    public Task UnfollowAsync(string userId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(FeedHubMethods.Unfollow, userId, cancellationToken);

    /// <summary><c>GetOnline()</c>: the people the caller follows who are online, sorted by id.</summary>
    public async Task<OnlineUsers> GetOnlineAsync(CancellationToken cancellationToken = default) =>
        await Connection.InvokeAsync<OnlineUsers>(FeedHubMethods.GetOnline, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("The server returned nothing for GetOnline.");

    /// <summary>Handles <c>PresenceChanged({ userId, online })</c>: a followee came online or went offline.</summary>
    public IDisposable OnPresenceChanged(Action<PresenceChange> handler) =>
        Connection.On(FeedHubMethods.PresenceChanged, handler);

    /// <summary>Handles <c>FeedUpdated(items)</c>. Dispose the result to stop.</summary>
    public IDisposable OnFeedUpdated(Action<FeedItem[]> handler) =>
        Connection.On<FeedItem[]>(FeedHubMethods.FeedUpdated, handler);

    /// <summary>Handles <c>FeedUpdated(items)</c> asynchronously (it may call back into the hub).</summary>
    public IDisposable OnFeedUpdated(Func<FeedItem[], Task> handler) =>
        Connection.On<FeedItem[]>(FeedHubMethods.FeedUpdated, handler);

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
