namespace Feed.Server.Delivery;

/// <summary>Says once, at startup, which delivery runs (never the connection string: it may hold a password).</summary>
internal sealed class DeliveryModeLog(string mode, ILogger<DeliveryModeLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        DeliveryLog.Mode(logger, mode);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
