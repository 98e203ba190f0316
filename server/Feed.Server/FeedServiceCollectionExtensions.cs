using Feed.Core;
using Feed.Server;
using Feed.Server.Admission;
using Feed.Server.Api;
using Feed.Server.Delivery;
using Feed.Server.Health;
using Feed.Server.Hubs;
using Feed.Server.Metrics;
using Feed.Server.Presence;
using Feed.Server.Protocols;
using Feed.Server.Storage;
using Feed.Server.Timelines;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the feed server: store, profiles, hub, auth, limits, health (the demo is <c>AddFeedDemo</c>).</summary>
public static class FeedServiceCollectionExtensions
{
    /// <summary>Configuration key: true runs stock SignalR (JSON only, default lifetime manager) for comparison.</summary>
    public const string StockSignalRKey = "Feed:Hub:StockSignalR";

    /// <summary>
    /// Adds everything the feed needs, configured from <c>Feed:*</c> and <c>ConnectionStrings:*</c>:
    /// <code>
    /// { "Feed": { "Auth": { "SigningKey": "...", "DevTokens": false },
    ///             "Limits": { "PublishBurst": 20, "PublishPerSecond": 5, "MaxConnections": 0, "ConnectsPerSecond": 1000 },
    ///             "Profiles": { "BaseUrl": "http://profiles:8080/" },
    ///             "Timelines": { "Capacity": 800, "CelebrityFollowers": 10000 },
    ///             "Cors": { "AllowedOrigins": [ "https://app.example.com" ] } } }
    /// </code>
    /// Returns the SignalR builder so protocols and backplanes chain on.
    /// </summary>
    public static ISignalRServerBuilder AddFeed(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The request log would print the WebSocket URL, whose query carries the access token.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.AddOptions<FeedLimitsOptions>().Bind(configuration.GetSection(FeedLimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedCorsOptions>().Bind(configuration.GetSection(FeedCorsOptions.Section));
        services.AddOptions<FeedAdminOptions>().Bind(configuration.GetSection(FeedAdminOptions.Section))
            .PostConfigure(o => o.Stats ??= environment.IsDevelopment())
            .Validate<IOptions<FeedAuthOptions>>((admin, auth) => admin.Stats != true || environment.IsDevelopment() || !string.IsNullOrEmpty(auth.Value.AdminKey),
                "Feed:Auth:AdminKey is required to enable Feed:Admin:Stats outside Development (requests send it in X-Admin-Key)")
            .ValidateOnStart();
        // Development is the developer's own machine, where load tests force a collection before every reading.
        services.AddSingleton(sp => new ForcedCollection(sp.GetRequiredService<TimeProvider>(),
            environment.IsDevelopment() ? TimeSpan.Zero : ForcedCollection.MinimumInterval));
        services.AddFeedAuth(configuration, environment);
        services.AddFeedStore(configuration);
        services.AddFeedProfiles(configuration);
        services.AddFeedMetrics(configuration);

        services.AddFeedUseCases();
        services.AddSingleton<ServerStats>();
        services.AddSingleton<ConnectionAdmission>();
        services.AddFeedPresence(configuration);

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddExceptionHandler<FeedExceptionHandler>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [FeedEndpoints.ReadyTag]);
        services.AddCors();

        var signalR = services.AddSignalR(o =>
        {
            o.AddFilter<ConnectionAdmissionHubFilter>();
            o.AddFilter<ConnectionCountingHubFilter>();
            o.AddFilter<FeedErrorsHubFilter>();
            // Safe: the filter turns every failure into a HubException with a vetted message;
            // this adds the reason to argument binding failures ("expects 1 argument").
            o.EnableDetailedErrors = true;
        });
        services.AddOptions<HubOptions>().Configure<IOptions<FeedLimitsOptions>>((hub, limits) =>
            hub.MaximumReceiveMessageSize = limits.Value.MaxMessageBytes);
        var delivery = DeliveryModes.From(configuration);
        // Stock mode (benchmarks only): SignalR's own protocols with their defaults (the contract's
        // MessagePack keys come from its attributes).
        if (delivery == DeliveryMode.Stock)
        {
            signalR.AddMessagePackProtocol();
        }
        else
        {
            signalR.AddFeedProtocols();
        }
        signalR.AddDelivery(configuration, delivery);
        // After the backplane, which registers the shared Redis connection its own way.
        services.AddFeedTimelines(configuration);
        return signalR;
    }
}
