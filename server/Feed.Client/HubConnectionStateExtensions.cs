using Microsoft.AspNetCore.SignalR.Client;

namespace Feed.Client;

/// <summary>Shorthands the tests read a connection's state with.</summary>
public static class HubConnectionStateExtensions
{
    extension(HubConnection connection)
    {
        /// <summary>The connection is up (not connecting, reconnecting or closed).</summary>
        public bool IsConnected => connection.State == HubConnectionState.Connected;
    }
}
