using Feed.Core;
using Feed.Server.Admission;
using Feed.Server.Api;
using Feed.Server.Demo;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Feed.Server;

/// <summary>The feed's middleware and endpoints.</summary>
public static class FeedEndpoints
{
    internal const string ReadyTag = "ready";

    public static WebApplication MapFeed(this WebApplication app)
    {
        var origins = app.Services.GetRequiredService<IOptions<FeedCorsOptions>>().Value.AllowedOrigins;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The demo page and the browser client (wwwroot) at "/".
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors(cors =>
        {
            if (origins.Length == 0)
            {
                cors.AllowAnyOrigin();
            }
            else
            {
                cors.WithOrigins(origins);
            }
            cors.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After");
        });
        // Browsers send Origin on WebSocket upgrades too; CORS does not cover those, this does.
        var webSockets = new WebSocketOptions();
        foreach (var origin in origins)
        {
            webSockets.AllowedOrigins.Add(origin);
        }
        app.UseWebSockets(webSockets);
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: a hub request without a valid token is a 401 and costs no slot.
        app.UseMiddleware<ConnectionAdmissionMiddleware>();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapAuthApi();
        app.MapFeedApi();
        app.MapAdminApi();
        app.MapAvatars();
        app.MapFeedMetrics();
        app.MapOpenApi(); // /openapi/v1.json
        // Stateful reconnect: a client that asks for it (client-js does) rides out a dropped socket
        // without losing messages; SignalR replays what the client has not acknowledged.
        app.MapHub<FeedHub>(FeedHubMethods.Path, hub => hub.AllowStatefulReconnects = true);
        return app;
    }
}
