using Microsoft.Extensions.Hosting;

namespace Feed.Redis;

/// <summary>
/// Subscribes Feed's user-group commands and the connection monitor at startup, so this
/// instance applies (and acks) other instances' follows from the start and readiness is right
/// from the first request.
/// </summary>
internal sealed class OfficialBackplaneStartup(RedisUserGroupCommands commands, RedisConnectionMonitor monitor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = monitor; // resolving it attached it to the multiplexer's events
        return commands.StartAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
