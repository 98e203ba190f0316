using System.Buffers;
using System.Text;
using Feed.Redis.Internal;
using Feed.Testing;

namespace Feed.Redis.Tests;

public sealed class RespReaderTests
{
    [Theory]
    [InlineData("+OK\r\n", "+OK")]
    [InlineData("+\r\n", "+")]
    [InlineData("-ERR unknown command 'FOO'\r\n", "-ERR unknown command 'FOO'")]
    [InlineData(":1\r\n", ":1")]
    [InlineData(":0\r\n", ":0")]
    [InlineData(":-42\r\n", ":-42")]
    [InlineData(":+7\r\n", ":7")]
    [InlineData(":9223372036854775807\r\n", ":9223372036854775807")]
    [InlineData(":-9223372036854775808\r\n", ":-9223372036854775808")]
    [InlineData("$3\r\nfoo\r\n", "$foo")]
    [InlineData("$0\r\n\r\n", "$")]
    [InlineData("$-1\r\n", "$(nil)")]
    [InlineData("$4\r\na\r\nb\r\n", "$a\r\nb")]
    [InlineData("*0\r\n", "*[]")]
    [InlineData("*-1\r\n", "*(nil)")]
    [InlineData("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", "*[$foo, $bar]")]
    [InlineData("*3\r\n$-1\r\n:0\r\n*-1\r\n", "*[$(nil), :0, *(nil)]")]
    [InlineData("*2\r\n*1\r\n:1\r\n*2\r\n+a\r\n-b\r\n", "*[*[:1], *[+a, -b]]")]
    [InlineData("*3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n", "*[$message, $chan, $hello]")]
    public void Parses_a_complete_frame(string wire, string expected)
    {
        var input = Sequence(wire);

        Assert.True(RespReader.TryParse(ref input, out var value));

        Assert.Equal(expected, value.ToString());
        Assert.True(input.IsEmpty);
    }

    [Theory]
    [InlineData("24330d0a00ff0d0d0a", "00ff0d")]
    [InlineData("24320d0a0d0a0d0a", "0d0a")]
    [InlineData("24300d0a0d0a", "")]
    public void Bulk_strings_are_binary_safe(string wireHex, string payloadHex)
    {
        var input = new ReadOnlySequence<byte>(Convert.FromHexString(wireHex));

        Assert.True(RespReader.TryParse(ref input, out var value));

        Assert.Equal(RedisValueKind.BulkString, value.Kind);
        Assert.Equal(payloadHex, Convert.ToHexString(value.Bytes.Span).ToLowerInvariant());
    }

    [Fact]
    public void Null_replies_are_null_and_empty_ones_are_not()
    {
        Assert.True(Parse("$-1\r\n").IsNull);
        Assert.True(Parse("*-1\r\n").IsNull);
        Assert.False(Parse("$0\r\n\r\n").IsNull);
        Assert.False(Parse("*0\r\n").IsNull);
        Assert.Null(Parse("$-1\r\n").AsString());
        Assert.Equal("", Parse("$0\r\n\r\n").AsString());
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void A_partial_frame_returns_false_at_every_split_point(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var length = 0; length < bytes.Length; length++)
        {
            var input = new ReadOnlySequence<byte>(bytes, 0, length);
            var before = input;

            Assert.False(RespReader.TryParse(ref input, out _), $"parsed {length} of {bytes.Length} bytes");
            Assert.Equal(before, input);
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void A_frame_split_across_many_segments_parses_the_same(string wire)
    {
        var whole = Sequence(wire);
        RespReader.TryParse(ref whole, out var expected);
        var bytes = Encoding.UTF8.GetBytes(wire);

        var input = Segments.Split(bytes, 1);
        Assert.True(RespReader.TryParse(ref input, out var value));

        Assert.Equal(expected.ToString(), value.ToString());
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void Back_to_back_frames_are_read_one_at_a_time()
    {
        var input = Sequence("+OK\r\n:5\r\n$2\r\nhi\r\n$3\r\npar");

        Assert.True(RespReader.TryParse(ref input, out var first));
        Assert.True(RespReader.TryParse(ref input, out var second));
        Assert.True(RespReader.TryParse(ref input, out var third));
        Assert.False(RespReader.TryParse(ref input, out _));

        Assert.Equal(["+OK", ":5", "$hi"], new[] { first.ToString(), second.ToString(), third.ToString() });
        Assert.Equal("$3\r\npar", Encoding.UTF8.GetString(input.ToArray()));
    }

    [Fact]
    public void Nesting_up_to_the_depth_limit_is_accepted()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth)) + ":1\r\n";

        Assert.Equal(RedisValueKind.Array, Parse(wire).Kind);
    }

    [Theory]
    [InlineData("?\r\n", "Unknown RESP type byte 0x3F ('?')")]
    [InlineData("%1\r\n+a\r\n+b\r\n", "Unknown RESP type byte 0x25 ('%')")]
    [InlineData("\0\r\n", "Unknown RESP type byte 0x00")]
    [InlineData(":abc\r\n", "is not a decimal number")]
    [InlineData(":\r\n", "is empty or too long")]
    [InlineData(":-\r\n", "has no digits")]
    [InlineData(":1.5\r\n", "is not a decimal number")]
    [InlineData(":9223372036854775808\r\n", "does not fit in 64 bits")]
    [InlineData(":-9223372036854775809\r\n", "does not fit in 64 bits")]
    [InlineData(":123456789012345678901\r\n", "is empty or too long")]
    [InlineData(":1\n", "LF instead of CRLF")]
    [InlineData("+O\rK\r\n", "bare CR")]
    [InlineData("$3\r\nfoobar\r\n", "not followed by CRLF")]
    [InlineData("$ 3\r\nfoo\r\n", "is not a decimal number")]
    [InlineData("$-2\r\n", "length -2 is negative")]
    [InlineData("$536870913\r\n", "exceeds the limit of 536870912")]
    [InlineData("*-5\r\n", "length -5 is negative")]
    [InlineData("*16777217\r\n", "exceeds the limit of 16777216")]
    [InlineData("*2\r\n:1\r\n!\r\n", "Unknown RESP type byte 0x21")]
    public void Malformed_input_is_rejected(string wire, string expectedMessage)
    {
        var input = Sequence(wire);

        var error = Assert.Throws<InvalidDataException>(() => RespReader.TryParse(ref input, out _));

        Assert.Contains(expectedMessage, error.Message);
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_rejected()
    {
        var input = Sequence(string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth + 1)) + ":1\r\n");

        var error = Assert.Throws<InvalidDataException>(() => RespReader.TryParse(ref input, out _));

        Assert.Contains("nest deeper than 32", error.Message);
    }

    [Fact]
    public void A_line_that_never_ends_is_rejected_once_past_the_line_limit()
    {
        var input = Sequence("+" + new string('a', RespReader.MaxLineLength + 1));

        var error = Assert.Throws<InvalidDataException>(() => RespReader.TryParse(ref input, out _));

        Assert.Contains("without CRLF", error.Message);
    }

    [Fact]
    public void A_huge_announced_array_is_not_allocated_before_its_elements_arrive()
    {
        // 16M elements announced, two present: waiting for more data, not allocating 16M slots.
        var input = Sequence("*16777216\r\n:1\r\n:2\r\n");

        Assert.False(RespReader.TryParse(ref input, out _));
    }

    public static TheoryData<string> ValidFrames() => new()
    {
        "+OK\r\n",
        "-ERR wrong\r\n",
        ":-12345\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n",
        "*2\r\n*1\r\n:1\r\n*2\r\n+a\r\n$-1\r\n",
        "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$3\r\nn.a\r\n$1\r\nx\r\n",
    };

    private static ReadOnlySequence<byte> Sequence(string wire) => new(Encoding.UTF8.GetBytes(wire));

    private static RedisValue Parse(string wire)
    {
        var input = Sequence(wire);
        Assert.True(RespReader.TryParse(ref input, out var value));
        return value;
    }
}
