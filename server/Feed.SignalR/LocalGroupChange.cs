namespace Feed.SignalR;

/// <summary>What a group change did on this instance (<see cref="LocalHubConnections"/>).</summary>
public enum LocalGroupChange
{
    /// <summary>The connection is not on this instance.</summary>
    NotLocal,

    /// <summary>The connection was already in (or already out of) the group.</summary>
    Unchanged,

    /// <summary>The connection joined (or left) the group.</summary>
    Changed,
}
