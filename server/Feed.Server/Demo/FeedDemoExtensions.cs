using Feed.Core;
using Feed.Server;
using Feed.Server.Demo;
using Feed.Server.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The embedded demo, one module the host switches on (<c>Program.cs</c>).</summary>
public static class FeedDemoExtensions
{
    /// <summary>
    /// Seeds demo users (<c>demo-*</c>, with names and generated avatars), their follows and a few
    /// days of posts before the server listens, then has a random demo user post every
    /// <c>Feed:Demo:ActivityInterval</c>. Only into the in-memory store: with
    /// <c>ConnectionStrings:Mongo</c> set this adds nothing, so the demo never writes into a real database.
    /// <code>
    /// { "Feed": { "Demo": { "Seed": true, "Users": 300, "ActivityInterval": "00:00:04" } } }
    /// </code>
    /// </summary>
    public static IServiceCollection AddFeedDemo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FeedDemoOptions>().Bind(configuration.GetSection(FeedDemoOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (!FeedStoreRegistration.IsInMemory(configuration))
        {
            return services;
        }
        services.AddHostedService<DemoSeeder>();
        services.AddHostedService<DemoActivity>();
        return services;
    }
}
