using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>Bad backplane settings stop startup with a message naming the key.</summary>
public sealed class BackplaneSettingsTests
{
    [Theory]
    [InlineData("Feed:Redis:Backplane", "signalr", "Feed:Redis:Backplane must be 'feed'")]
    [InlineData("ConnectionStrings:Redis", "127.0.0.1:1,noSuchKey=1", "noSuchKey")]
    public async Task A_bad_value_stops_startup_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1", [key] = value };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
