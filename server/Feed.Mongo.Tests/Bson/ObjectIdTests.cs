using Feed.Mongo.Bson;

namespace Feed.Mongo.Tests.Bson;

public sealed class ObjectIdTests
{
    [Fact]
    public void Generated_ids_carry_the_time_are_unique_and_increase()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var first = ObjectId.GenerateNewId(time);
        var second = ObjectId.GenerateNewId(time);
        Assert.Equal(time.UtcDateTime, first.CreationTime);
        Assert.NotEqual(first, second);
        Assert.Equal(first.ToString()[..18], second.ToString()[..18]); // same time and process part
        Assert.Equal("6553f100", first.ToString()[..8]);
    }

    [Theory]
    [InlineData("56e1fc72e0c917e9c4714161")]
    [InlineData("000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffff")]
    public void Hex_round_trips_in_lowercase(string hex)
    {
        Assert.Equal(hex, ObjectId.Parse(hex.ToUpperInvariant()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("56e1fc72e0c917e9c471416")]
    [InlineData("56e1fc72e0c917e9c47141611")]
    [InlineData("56e1fc72e0c917e9c471416g")]
    public void Bad_hex_is_rejected(string hex)
    {
        Assert.False(ObjectId.TryParse(hex, out _));
        Assert.Throws<FormatException>(() => ObjectId.Parse(hex));
    }

    [Fact]
    public void Ordering_is_bytewise()
    {
        var low = ObjectId.Parse("00000000000000000000ffff");
        var high = ObjectId.Parse("000000010000000000000000");
        Assert.True(low < high);
        Assert.Equal(-1, low.CompareTo(high));
    }
}
