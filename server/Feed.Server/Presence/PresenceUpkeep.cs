using Feed.Core;

namespace Feed.Server.Presence;

/// <summary>Runs the presence loop (<see cref="PresenceTracker.RunAsync"/>) for the host's lifetime.</summary>
internal sealed class PresenceUpkeep(PresenceTracker tracker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => tracker.RunAsync(stoppingToken);
}
