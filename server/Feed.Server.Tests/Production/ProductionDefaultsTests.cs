using System.Net;
using System.Net.Http.Json;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feed.Server.Tests.Production;

/// <summary>
/// The real server in the Production environment, with nothing set but what production must set:
/// it refuses to start without a signing key, and with one it hides the development endpoints
/// while metrics and health still answer.
/// </summary>
public sealed class ProductionDefaultsTests
{
    internal static Dictionary<string, string?> Production(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { [WebHostDefaults.EnvironmentKey] = Environments.Production };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return all;
    }

    [Fact]
    public async Task Without_a_signing_key_production_refuses_to_start_and_names_the_key()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(Production()));

        Assert.Contains("Feed:Auth:SigningKey", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_dev_tokens_and_admin_stats_are_404_while_metrics_and_health_answer()
    {
        await using var server = await FeedServer.StartAsync(Production(("Feed:Auth:SigningKey", "production-defaults-test-signing-key-0123456789")));
        Assert.True(server.Services.GetRequiredService<IHostEnvironment>().IsProduction());

        using var token = await server.Http.PostAsync("/api/auth/token", JsonContent.Create(new { userId = "someone" }));
        using var stats = await server.Http.GetAsync("/api/admin/stats");
        using var gc = await server.Http.GetAsync("/api/admin/stats?gc=true");
        using var metrics = await server.Http.GetAsync("/metrics");
        using var live = await server.Http.GetAsync("/healthz");
        using var ready = await server.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
