using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary><c>{ id, displayName, avatarUrl, bio }</c>; avatarUrl and bio may be nil.</summary>
internal sealed class UserProfileFormatter : IMessagePackFormatter<UserProfile>
{
    private static readonly MessagePackMapKeys Keys =
        new(nameof(UserProfile), ["id", "displayName", "avatarUrl", "bio"], required: ["id", "displayName"]);

    public void Write(ref MessagePackWriter writer, UserProfile value)
    {
        writer.WriteMapHeader(4);
        writer.WriteString("id"u8);
        writer.Write(value.Id);
        writer.WriteString("displayName"u8);
        writer.Write(value.DisplayName);
        writer.WriteString("avatarUrl"u8);
        writer.Write(value.AvatarUrl);
        writer.WriteString("bio"u8);
        writer.Write(value.Bio);
    }

    public UserProfile Read(ref MessagePackReader reader)
    {
        string? id = null, displayName = null, avatarUrl = null, bio = null;
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
                    case "bio": bio = reader.ReadNullableString(); break;
                }
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        map.EnsureRequiredKeys();
        return new UserProfile(id!, displayName!, avatarUrl, bio);
    }
}
