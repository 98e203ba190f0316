using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary>
/// <c>{ text }</c>. A missing or nil text binds as null, so the hub answers "text is required"
/// exactly as it does over JSON.
/// </summary>
internal sealed class PublishRequestFormatter : IMessagePackFormatter<PublishRequest>
{
    private static readonly MessagePackMapKeys Keys = new(nameof(PublishRequest), ["text"]);

    public void Write(ref MessagePackWriter writer, PublishRequest value)
    {
        writer.WriteMapHeader(1);
        writer.WriteString("text"u8);
        writer.Write(value.Text);
    }

    public PublishRequest Read(ref MessagePackReader reader)
    {
        string? text = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            try
            {
                text = reader.ReadNullableString(); // "text" is the only key read
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        return new PublishRequest(text);
    }
}
