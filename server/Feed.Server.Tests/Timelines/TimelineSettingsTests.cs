using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Timelines;

/// <summary>Bad Feed:Timelines settings stop startup with a message naming the key.</summary>
public sealed class TimelineSettingsTests
{
    [Theory]
    [InlineData("Feed:Timelines:Capacity", "5", "Feed:Timelines:Capacity must be between 10 and 100000")]
    [InlineData("Feed:Timelines:CelebrityFollowers", "0", "Feed:Timelines:CelebrityFollowers must be between 1")]
    [InlineData("Feed:Timelines:InactivityTtl", "00:00:10", "Feed:Timelines:InactivityTtl must be between 00:01:00")]
    [InlineData("Feed:Timelines:ClaimAfter", "00:00:00", "Feed:Timelines:ClaimAfter must be between 00:00:01")]
    [InlineData("Feed:Timelines:RemoveConsumerAfter", "00:00:05", "Feed:Timelines:RemoveConsumerAfter must be between 00:01:00")]
    [InlineData("Feed:Timelines:FanoutBatchSize", "0", "Feed:Timelines:FanoutBatchSize must be between 1")]
    public async Task A_bad_value_stops_startup_naming_the_key(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => FeedServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
