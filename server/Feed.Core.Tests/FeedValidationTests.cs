using Feed.Core;

namespace Feed.Core.Tests;

public sealed class FeedValidationTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("u42")]
    [InlineData("demo-ada_lovelace")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")]
    public void Valid_user_ids_pass(string id)
    {
        Assert.Equal(id, FeedValidation.UserId(id));
        Assert.True(FeedValidation.IsUserId(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("émile")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_x")]
    public void Invalid_user_ids_name_the_field_and_the_rule(string? id)
    {
        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.UserId(id));
        Assert.Equal("userId", e.Field);
        Assert.Contains(FeedValidation.UserIdRule, e.Message);
        Assert.False(FeedValidation.IsUserId(id));
    }

    [Fact]
    public void Text_is_trimmed()
    {
        Assert.Equal("hello there", FeedValidation.PostText("  \t hello there \n "));
    }

    [Fact]
    public void Text_limit_counts_code_points_not_utf16_units()
    {
        var fiveHundredEmoji = string.Concat(Enumerable.Repeat("😀", 500));
        Assert.Equal(1000, fiveHundredEmoji.Length);
        Assert.Equal(fiveHundredEmoji, FeedValidation.PostText(fiveHundredEmoji));

        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.PostText(fiveHundredEmoji + "x"));
        Assert.Equal("text", e.Field);
        Assert.Contains("501", e.Message);
        Assert.Contains("500", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_text_is_rejected(string? text)
    {
        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.PostText(text));
        Assert.Equal("text", e.Field);
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData(1, 1)]
    [InlineData(100, 100)]
    public void Limit_defaults_to_20_and_accepts_1_to_100(int? limit, int expected)
    {
        Assert.Equal(expected, FeedValidation.Query(new FeedQuery(Limit: limit)).Limit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public void Limit_out_of_range_is_rejected(int limit)
    {
        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.Query(new FeedQuery(Limit: limit)));
        Assert.Equal("limit", e.Field);
        Assert.Contains("between 1 and 100", e.Message);
    }

    [Fact]
    public void Before_and_after_together_are_rejected()
    {
        var cursor = new FeedCursor(1, "abc").Encode();
        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.Query(new FeedQuery(cursor, cursor)));
        Assert.Contains("together", e.Message);
    }

    [Theory]
    [InlineData("before", "not a cursor")]
    [InlineData("after", "bm9kb3Q")]      // "nodot"
    [InlineData("before", "eC5hYmM")]     // "x.abc": time not a number
    [InlineData("after", "MTIzLg")]       // "123.": no id
    [InlineData("before", "MTIzLmEgYg")]  // "123.a b": id with a space
    public void Malformed_cursors_are_rejected_naming_the_field(string field, string cursor)
    {
        var query = field == "before" ? new FeedQuery(Before: cursor) : new FeedQuery(After: cursor);
        var e = Assert.Throws<FeedValidationException>(() => FeedValidation.Query(query));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Cursors_round_trip_and_order_by_time_then_id()
    {
        var a = new FeedCursor(5, "aaa");
        var b = new FeedCursor(5, "aab");
        var c = new FeedCursor(6, "000");
        Assert.True(FeedCursor.TryDecode(a.Encode(), out var decoded));
        Assert.Equal(a, decoded);
        Assert.True(a.CompareTo(b) < 0);
        Assert.True(b.CompareTo(c) < 0);
    }
}
