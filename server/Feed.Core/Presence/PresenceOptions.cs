using System.ComponentModel.DataAnnotations;

namespace Feed.Core;

/// <summary><c>Feed:Presence</c>: who of the people a user follows is online (<see cref="PresenceTracker"/>).</summary>
public sealed class PresenceOptions
{
    public const string Section = "Feed:Presence";

    /// <summary>Off: no presence is kept or sent, and <c>GetOnline()</c> answers an empty list.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a user stays online after their last connection here closes: a reconnect within it
    /// (a network blip, a deploy) sends no offline/online pair, whichever instance it reaches.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Feed:Presence:OfflineDelay must be between {1} and {2}")]
    public TimeSpan OfflineDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an instance renews its lease and looks for instances whose lease ran out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Feed:Presence:HeartbeatInterval must be between {1} and {2}")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An instance's lease: one that has not renewed it for this long is taken for dead and its users
    /// turn offline (within this plus a heartbeat). At least twice <see cref="HeartbeatInterval"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00", ErrorMessage = "Feed:Presence:InstanceTimeout must be between {1} and {2}")]
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
