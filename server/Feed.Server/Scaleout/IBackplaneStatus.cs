namespace Feed.Server.Scaleout;

/// <summary>Whether the backplane carries messages between instances, whichever backplane it is (Feed's or SignalR's own).</summary>
internal interface IBackplaneStatus
{
    bool IsConnected { get; }

    /// <summary>The backplane is back after an outage (or connected late): messages were lost meanwhile.</summary>
    event EventHandler? Restored;
}
