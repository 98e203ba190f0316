using MongoDB.Driver.Core.Configuration;
using MongoDB.Driver.Core.Events;
using MongoDB.Driver.Core.Servers;

namespace Feed.Mongo;

/// <summary>
/// Hears from the driver's cluster monitoring (its event subscriber seam) when a server
/// becomes connected: at first contact and after every outage.
/// </summary>
internal sealed class MongoServerEvents
{
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hook for <c>MongoClientSettings.ClusterConfigurator</c>.</summary>
    public void Subscribe(ClusterBuilder cluster) => cluster.Subscribe<ServerDescriptionChangedEvent>(OnChanged);

    /// <summary>Completes the next time a server goes from not connected to connected.</summary>
    public Task NextConnectAsync() => Volatile.Read(ref _connected).Task;

    private void OnChanged(ServerDescriptionChangedEvent e)
    {
        // Runs on the driver's monitor thread: only hand the news on.
        if (e.OldDescription.State != ServerState.Connected && e.NewDescription.State == ServerState.Connected)
        {
            Interlocked.Exchange(ref _connected, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
