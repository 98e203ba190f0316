using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary><c>{ items: FeedItem[], next: cursor | nil }</c>; items is required.</summary>
internal sealed class FeedPageFormatter : IMessagePackFormatter<FeedPage>
{
    private static readonly MessagePackMapKeys Keys = new(nameof(FeedPage), ["items", "next"], required: ["items"]);

    public void Write(ref MessagePackWriter writer, FeedPage value)
    {
        writer.WriteMapHeader(2);
        writer.WriteString("items"u8);
        var items = value.Items;
        writer.WriteArrayHeader(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            FeedItemFormatter.Instance.Write(ref writer, items[i]);
        }
        writer.WriteString("next"u8);
        writer.Write(value.Next);
    }

    public FeedPage Read(ref MessagePackReader reader)
    {
        FeedItem[]? items = null;
        string? next = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            try
            {
                switch (key)
                {
                    case "items": items = ReadItems(ref reader); break;
                    case "next": next = reader.ReadNullableString(); break;
                }
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        map.EnsureRequiredKeys();
        return new FeedPage(items!, next);
    }

    private static FeedItem[] ReadItems(ref MessagePackReader reader)
    {
        // The reader checks the count against the bytes left, so a hostile header cannot
        // make this allocate more than the frame could hold.
        var count = reader.ReadArrayHeader();
        reader.IncreaseDepth();
        var items = new FeedItem[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = FeedItemFormatter.Instance.Read(ref reader);
        }
        reader.DecreaseDepth();
        return items;
    }
}
