using Feed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Feed.Client.Tests.TestServer;

/// <summary>
/// A real Kestrel server on a loopback port chosen by the OS (port 0, so no race for a free
/// port), started once per test class: the test hub, a fake Feed hub, a dev-token endpoint and
/// scripted raw WebSocket endpoints, all behind a bearer check on the access token.
/// </summary>
public sealed class TestServerFixture : IAsyncLifetime
{
    public const string Token = "test-token";
    public const string DevTokenPrefix = "dev:";

    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public HubProbe Probe { get; } = new();

    public RawScripts Raw { get; } = new();

    public Uri TestHubUrl => new(BaseUrl, "/hubs/test");

    public HubConnectionOptions Options(Action<HubConnectionOptions>? configure = null)
    {
        var options = new HubConnectionOptions { AccessToken = Token };
        configure?.Invoke(options);
        return options;
    }

    public Task<HubConnection> ConnectAsync(Action<HubConnectionOptions>? configure = null) =>
        HubConnection.ConnectAsync(TestHubUrl, Options(configure), TestTimeouts.Token());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Probe);
        builder.Services.AddSignalR(options =>
        {
            options.EnableDetailedErrors = true;
            // Several invocations per connection run at once, so completions come back out of order.
            options.MaximumParallelInvocationsPerClient = 4;
            options.MaximumReceiveMessageSize = 1024 * 1024;
        }).AddHubOptions<FakeFeedHub>(options => options.EnableDetailedErrors = false); // as in production
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol>(TestProtocols.BinaryJson));

        _app = builder.Build();
        _app.UseWebSockets();
        _app.Use(RequireTokenAsync);
        _app.MapHub<TestHub>("/hubs/test");
        _app.MapHub<FakeFeedHub>(FeedHubMethods.Path);
        _app.MapPost("/api/auth/token", (DevTokenRequest request) =>
            request.UserId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
                ? Results.Ok(new { accessToken = DevTokenPrefix + request.UserId })
                : Results.BadRequest("userId: only letters, digits, '_' and '-'"));
        _app.Map("/raw/{name}", Raw.HandleAsync);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Hubs and raw sockets need a valid token (query or bearer header), else 401.</summary>
    private static Task RequireTokenAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/hubs") && !path.StartsWithSegments("/raw"))
        {
            return next(context);
        }
        string? token = context.Request.Query["access_token"];
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            token = header["Bearer ".Length..];
        }
        if (token == Token || token?.StartsWith(DevTokenPrefix, StringComparison.Ordinal) == true)
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    private sealed record DevTokenRequest(string UserId);
}
