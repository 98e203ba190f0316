using Feed.Core;
using Feed.Server.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Feed.Server.Presence;

/// <summary>
/// Wires presence (<see cref="PresenceTracker"/>): the store is Redis when the backplane set-up
/// registered it (<c>AddRedisPresence</c>), else in memory; changes go to followers through the
/// delivery port, as posts do.
/// <code>
/// { "Feed": { "Presence": { "Enabled": true, "OfflineDelay": "00:00:02", "HeartbeatInterval": "00:00:05", "InstanceTimeout": "00:00:15" } } }
/// </code>
/// </summary>
internal static class PresenceRegistration
{
    public static IServiceCollection AddFeedPresence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PresenceOptions>().Bind(configuration.GetSection(PresenceOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.InstanceTimeout >= 2 * o.HeartbeatInterval,
                $"{PresenceOptions.Section}:{nameof(PresenceOptions.InstanceTimeout)} must be at least twice {PresenceOptions.Section}:{nameof(PresenceOptions.HeartbeatInterval)}")
            .ValidateOnStart();
        services.TryAddSingleton<IPresenceStore, InMemoryPresenceStore>();
        services.AddSingleton<IPresenceListener, PresenceAnnouncer>();
        services.AddSingleton(sp => new PresenceTracker(sp.GetRequiredService<IPresenceStore>(), sp.GetRequiredService<IPresenceListener>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PresenceOptions>>().Value, sp.GetRequiredService<ILogger<PresenceTracker>>()));
        services.AddSingleton(sp => new OnlineFollowees(sp.GetRequiredService<MeteredFeedStore>(), sp.GetRequiredService<PresenceTracker>()));
        services.AddHostedService<PresenceUpkeep>();
        return services;
    }
}
