using System.Buffers;
using MessagePack;
using MessagePack.Formatters;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// Reads a FeedItem map as a <see cref="StampedItem"/> with the official <see cref="MessagePackReader"/>:
/// <c>text</c> taken, every other value skipped without being decoded.
/// </summary>
internal sealed class StampedItemFormatter : IMessagePackFormatter<StampedItem>
{
    public static readonly StampedItemFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, StampedItem value, MessagePackSerializerOptions options)
    {
        writer.WriteMapHeader(1);
        writer.Write("text");
        writer.Write(value.Text);
    }

    public StampedItem Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        string? text = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            if (IsTextKey(ref reader))
            {
                text = reader.ReadString();
            }
            else
            {
                reader.Skip(); // the value of any other key
            }
        }
        return new StampedItem(text ?? throw new MessagePackSerializationException("A FeedUpdated item has no text."));
    }

    /// <summary>Reads a key; true when it is <c>"text"</c>.</summary>
    private static bool IsTextKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            reader.Skip();
            return false;
        }
        if (reader.TryReadStringSpan(out var key))
        {
            return key.SequenceEqual("text"u8);
        }
        return reader.ReadStringSequence() is { Length: 4 } split && split.ToArray().AsSpan().SequenceEqual("text"u8); // split over segments
    }
}
