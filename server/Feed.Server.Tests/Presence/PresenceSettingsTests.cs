using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Presence;

/// <summary>Bad presence settings stop startup with a message naming the key.</summary>
public sealed class PresenceSettingsTests
{
    [Theory]
    [InlineData("Feed:Presence:OfflineDelay", "00:05:00", "Feed:Presence:OfflineDelay must be between")]
    [InlineData("Feed:Presence:HeartbeatInterval", "00:00:00", "Feed:Presence:HeartbeatInterval must be between")]
    [InlineData("Feed:Presence:InstanceTimeout", "00:00:06", "Feed:Presence:InstanceTimeout must be at least twice Feed:Presence:HeartbeatInterval")]
    public async Task A_bad_value_stops_startup_naming_the_key(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
