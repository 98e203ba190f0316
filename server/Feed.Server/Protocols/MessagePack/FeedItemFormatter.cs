using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary>
/// <c>{ id, cursor, authorId, author: { id, displayName, avatarUrl }, text, createdAt }</c>, every
/// key required; createdAt is a plain integer of Unix milliseconds (not the timestamp
/// extension), so JavaScript sees a number, as with JSON.
/// </summary>
internal sealed class FeedItemFormatter : IMessagePackFormatter<FeedItem>
{
    public static readonly FeedItemFormatter Instance = new();

    private static readonly string[] KeyNames = ["id", "cursor", "authorId", "author", "text", "createdAt"];
    private static readonly MessagePackMapKeys Keys = new(nameof(FeedItem), KeyNames, required: KeyNames);

    public void Write(ref MessagePackWriter writer, FeedItem value)
    {
        writer.WriteMapHeader(6);
        writer.WriteString("id"u8);
        writer.Write(value.Id);
        writer.WriteString("cursor"u8);
        writer.Write(value.Cursor);
        writer.WriteString("authorId"u8);
        writer.Write(value.AuthorId);
        writer.WriteString("author"u8);
        AuthorProfileFormatter.Instance.Write(ref writer, value.Author);
        writer.WriteString("text"u8);
        writer.Write(value.Text);
        writer.WriteString("createdAt"u8);
        writer.Write(value.CreatedAt);
    }

    public FeedItem Read(ref MessagePackReader reader)
    {
        string? id = null, cursor = null, authorId = null, text = null;
        AuthorProfile? author = null;
        long createdAt = 0;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            try
            {
                switch (key)
                {
                    case "id": id = reader.ReadString(); break;
                    case "cursor": cursor = reader.ReadString(); break;
                    case "authorId": authorId = reader.ReadString(); break;
                    case "author": author = AuthorProfileFormatter.Instance.Read(ref reader); break;
                    case "text": text = reader.ReadString(); break;
                    case "createdAt": createdAt = reader.ReadInt64(); break;
                }
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        map.EnsureRequiredKeys();
        return new FeedItem(id!, cursor!, authorId!, author!, text!, createdAt);
    }
}
