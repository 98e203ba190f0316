using System.Buffers;
using Feed.Client.Internal;

namespace Feed.Client.Tests.Internal;

public sealed class ReceiveBufferTests
{
    [Fact]
    public void Holds_no_array_when_empty()
    {
        using var buffer = new ReceiveBuffer(1024 * 1024);

        Write(buffer, [1, 2, 3]);
        buffer.Consume(buffer.Data.Slice(3));

        Assert.True(buffer.IsEmpty);
        Assert.Equal(0, buffer.Data.Length);
    }

    [Fact]
    public void Keeps_unparsed_bytes_across_writes_and_grows_for_large_messages()
    {
        using var buffer = new ReceiveBuffer(1024 * 1024);
        var expected = new List<byte>();
        for (var i = 0; i < 50; i++)
        {
            var chunk = Enumerable.Range(0, 1000).Select(b => (byte)(b + i)).ToArray();
            Write(buffer, chunk);
            expected.AddRange(chunk);
            buffer.Consume(buffer.Data);
        }

        Assert.Equal(expected, buffer.Data.ToArray());
    }

    [Fact]
    public void Slides_a_partial_message_down_after_consuming_the_parsed_ones()
    {
        using var buffer = new ReceiveBuffer(1024 * 1024);
        var first = Enumerable.Repeat((byte)7, 3000).ToArray();
        Write(buffer, first);
        buffer.Consume(buffer.Data.Slice(2990));
        var second = Enumerable.Repeat((byte)9, 3000).ToArray();

        Write(buffer, second);

        Assert.Equal(Enumerable.Repeat((byte)7, 10).Concat(second), buffer.Data.ToArray());
    }

    [Fact]
    public void An_unparsed_message_over_the_limit_is_rejected()
    {
        using var buffer = new ReceiveBuffer(2048);
        Write(buffer, new byte[1500]);
        buffer.Consume(buffer.Data);
        Write(buffer, new byte[1500]);

        var error = Assert.Throws<InvalidDataException>(() => buffer.Consume(buffer.Data));

        Assert.Contains("2048", error.Message);
    }

    private static void Write(ReceiveBuffer buffer, byte[] bytes)
    {
        var written = 0;
        while (written < bytes.Length)
        {
            var memory = buffer.GetMemory();
            var count = Math.Min(memory.Length, bytes.Length - written);
            bytes.AsSpan(written, count).CopyTo(memory.Span);
            buffer.Advance(count);
            written += count;
        }
    }
}
