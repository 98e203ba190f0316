using System.Net.Http.Json;
using Feed.Client;
using Feed.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// The real application (<c>Program</c>, through <see cref="WebApplicationFactory{TEntryPoint}"/>)
/// on a Kestrel loopback port, in the Development environment (unless the settings name another)
/// with demo activity off. Captures
/// every log line.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    /// <summary>Far above a disposal's usual milliseconds: a failure to name, not a wait to rely on.</summary>
    private static readonly TimeSpan DisposalBound = TimeSpan.FromSeconds(30);
    private readonly FeedApplication _app;

    private FeedServer(FeedApplication app, Uri baseUrl, CapturedLogs logs)
    {
        _app = app;
        BaseUrl = baseUrl;
        Logs = logs;
        Http = new HttpClient { BaseAddress = baseUrl };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="store">A store to use instead of the configured one: several in-process servers
    /// share one in-memory store this way (scale-out tests), as real instances share MongoDB.</param>
    /// <param name="time">The server's clock instead of the system's (a FakeTimeProvider the test advances).</param>
    public static async Task<FeedServer> StartAsync(IDictionary<string, string?>? settings = null, IFeedStore? store = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Feed:Demo:ActivityInterval"] = "00:00:00",
            ["Feed:Demo:Users"] = "20",
            // Capture everything, so tests can check what the logs hold (and do not hold).
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var logs = new CapturedLogs();
        var app = new FeedApplication(all, store, logs, time);
        try
        {
            // StartServer blocks while the host starts (hosted services included): off the test's thread.
            await Task.Run(app.StartServer);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new FeedServer(app, new Uri(address), logs);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task<string> TokenAsync(string userId) => await FeedClient.GetDevTokenAsync(Http, userId);

    /// <summary>An HTTP client authenticated as the user.</summary>
    public async Task<HttpClient> HttpAsAsync(string userId)
    {
        var http = new HttpClient { BaseAddress = BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(userId));
        return http;
    }

    /// <summary>
    /// A hub connection as the user (official SignalR client, WebSockets; JSON unless
    /// <paramref name="protocol"/> says otherwise, e.g. <see cref="FeedHubProtocols.MessagePack"/>),
    /// recording every FeedUpdated item it receives.
    /// </summary>
    public async Task<FeedConnection> ConnectAsync(string userId, IHubProtocol? protocol = null)
    {
        var token = await TokenAsync(userId);
        var received = new FeedInbox();
        var client = await FeedClient.ConnectAsync(BaseUrl, token, protocol, c =>
        {
            c.OnFeedUpdated(received.Add);
            c.OnResync(received.AddResync);
            c.OnPresenceChanged(received.AddPresence);
        });
        // SignalR answers the handshake before the connection joins the lifetime manager (and before
        // the hub's OnConnectedAsync); it dispatches invocations only after both, so one answered
        // means pushes reach this connection. Without it a test's first post can race the join.
        await client.GetOnlineAsync();
        return new FeedConnection(userId, client, received);
    }

    /// <summary>
    /// Returns once the host is disposed. The factory's disposal races <c>Program</c>'s own
    /// <c>app.Run()</c>, which disposes the host when it stops; whichever comes second returns at
    /// once, maybe while the other is still disposing. A host left disposing outlives its test:
    /// its meters show up in another host's /metrics (OpenTelemetry listens process-wide), and its
    /// Redis connection closes against a redis-server the test has already stopped, which takes seconds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        try
        {
            await Logs.Disposed.WaitAsync(DisposalBound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the server at {BaseUrl} was still disposing {DisposalBound.TotalSeconds} s after it stopped");
        }
    }
}

/// <summary>One server per test class; subclasses change its settings.</summary>
public class FeedServerFixture : IAsyncLifetime
{
    public FeedServer Server { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Server = await FeedServer.StartAsync(Settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
