using Feed.MessagePack;

namespace Feed.LoadTest.Delivery;

/// <summary>Reads a FeedItem map as a <see cref="StampedItem"/>: <c>text</c> required, every other key skipped.</summary>
internal sealed class StampedItemFormatter : IMessagePackFormatter<StampedItem>
{
    public static readonly StampedItemFormatter Instance = new();

    private static readonly MessagePackMapKeys Keys = new("FeedItem", ["text"], required: ["text"]);

    public void Write(ref MessagePackWriter writer, StampedItem value)
    {
        writer.WriteMapHeader(1);
        writer.WriteString("text"u8);
        writer.Write(value.Text);
    }

    public StampedItem Read(ref MessagePackReader reader)
    {
        string? text = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out _))
        {
            text = reader.ReadString(); // "text" is the only key read
        }
        map.EnsureRequiredKeys();
        return new StampedItem(text!);
    }
}
