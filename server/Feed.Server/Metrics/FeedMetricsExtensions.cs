using Feed.Core;
using Feed.Server.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Feed's meter and the platform's (ASP.NET Core, Kestrel, SignalR, HttpClient, runtime) exported
/// with OpenTelemetry: scraped at <c>GET /metrics</c> (Prometheus text) and pushed over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard <c>OTEL_*</c>
/// variables itself).
/// <code>
/// { "Feed": { "Metrics": { "Enabled": true } } }
/// </code>
/// </summary>
internal static class FeedMetricsExtensions
{
    public const string ScrapePath = "/metrics";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The built-in meters of .NET 10 that an operator expects beside Feed's own.</summary>
    private static readonly string[] PlatformMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "System.Net.Http",
        "System.Runtime",
    ];

    public static IServiceCollection AddFeedMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedMetricsOptions>().Bind(configuration.GetSection(FeedMetricsOptions.Section)).ValidateOnStart();
        // The instruments exist either way (they cost nothing unheard); only exporting is optional.
        services.AddSingleton<FeedMetrics>();
        services.AddSingleton(sp => new MeteredFeedStore(sp.GetRequiredService<IFeedStore>(), sp.GetRequiredService<FeedMetrics>()));
        // Read now, not from options: whether to export decides what is registered.
        if (!configuration.GetSection(FeedMetricsOptions.Section).GetValue(nameof(FeedMetricsOptions.Enabled), defaultValue: true))
        {
            return services;
        }
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(FeedMetrics.MeterName).AddMeter(PlatformMeters).AddAspNetCoreInstrumentation().AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        services.AddHostedService<KnownSeries>();
        return services;
    }

    /// <summary>Maps the scrape endpoint when metrics are enabled.</summary>
    public static IEndpointRouteBuilder MapFeedMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<FeedMetricsOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath);
        }
        return app;
    }
}
