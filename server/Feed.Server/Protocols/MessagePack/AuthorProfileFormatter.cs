using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary><c>{ id, displayName, avatarUrl }</c>; avatarUrl is nil when the user has none.</summary>
internal sealed class AuthorProfileFormatter : IMessagePackFormatter<AuthorProfile>
{
    public static readonly AuthorProfileFormatter Instance = new();

    private static readonly MessagePackMapKeys Keys =
        new(nameof(AuthorProfile), ["id", "displayName", "avatarUrl"], required: ["id", "displayName"]);

    public void Write(ref MessagePackWriter writer, AuthorProfile value)
    {
        writer.WriteMapHeader(3);
        writer.WriteString("id"u8);
        writer.Write(value.Id);
        writer.WriteString("displayName"u8);
        writer.Write(value.DisplayName);
        writer.WriteString("avatarUrl"u8);
        writer.Write(value.AvatarUrl);
    }

    public AuthorProfile Read(ref MessagePackReader reader)
    {
        string? id = null, displayName = null, avatarUrl = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            try
            {
                switch (key)
                {
                    case "id": id = reader.ReadString(); break;
                    case "displayName": displayName = reader.ReadString(); break;
                    case "avatarUrl": avatarUrl = reader.ReadNullableString(); break;
                }
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        map.EnsureRequiredKeys();
        return new AuthorProfile(id!, displayName!, avatarUrl);
    }
}
