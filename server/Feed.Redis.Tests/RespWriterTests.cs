using System.Buffers;
using System.Text;
using Feed.Redis.Internal;

namespace Feed.Redis.Tests;

public sealed class RespWriterTests
{
    [Fact]
    public void Writes_a_command_as_an_array_of_bulk_strings()
    {
        var output = Write(["SET", "k", new byte[] { 0x00, 0xff }, 42L]);

        Assert.Equal(
            Convert.ToHexString(Encoding.Latin1.GetBytes("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\0\xff\r\n$2\r\n42\r\n")),
            Convert.ToHexString(output));
    }

    [Theory]
    [InlineData("PING", "2a310d0a24340d0a50494e470d0a")]
    [InlineData("é", "2a310d0a24320d0ac3a90d0a")]
    [InlineData("", "2a310d0a24300d0a0d0a")]
    public void Text_is_sent_as_utf8(string argument, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexString(Write([argument])).ToLowerInvariant());
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Integers_are_sent_as_decimal_text(long argument, string expected)
    {
        var reply = Reparse(Write(["ECHO", argument]));

        Assert.Equal(expected, reply.Items[1].AsString());
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        var reply = Reparse(Write(["PUBLISH", "channel", payload]));

        Assert.Equal("*[$PUBLISH, $channel, $", reply.ToString()[..23]);
        Assert.Equal(payload, reply.Items[2].ToArray());
    }

    [Fact]
    public void An_empty_command_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Write([]));

        Assert.Contains("at least its name", error.Message);
    }

    private static byte[] Write(RedisArgument[] command)
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        RespWriter.WriteCommand(buffer, command);
        return buffer.WrittenSpan.ToArray();
    }

    private static RedisValue Reparse(byte[] bytes)
    {
        var input = new ReadOnlySequence<byte>(bytes);
        Assert.True(RespReader.TryParse(ref input, out var value));
        return value;
    }
}
