using System.Net.Http.Json;
using Feed.Client;
using Feed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// A real Feed server on a Kestrel loopback port, wired exactly as Program.cs does, in the
/// Development environment with demo activity off. Captures every log line.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app, Uri baseUrl, CapturedLogs logs)
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
    public static async Task<FeedServer> StartAsync(IDictionary<string, string?>? settings = null, IFeedStore? store = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feed:Demo:ActivityInterval"] = "00:00:00",
            ["Feed:Demo:Users"] = "20",
            // Capture everything, so tests can check what the logs hold (and do not hold).
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        if (store is not null)
        {
            builder.Services.AddSingleton(store); // before AddFeed, whose store registration defers to it
        }
        builder.Services.AddFeed(builder.Configuration, builder.Environment);

        var app = builder.Build();
        app.MapFeed();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FeedServer(app, new Uri(address), logs);
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
        });
        return new FeedConnection(userId, client, received);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
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
