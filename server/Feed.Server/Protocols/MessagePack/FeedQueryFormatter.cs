using Feed.Core;
using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary>
/// <c>{ before?, after?, limit? }</c>: every key optional (<c>{}</c> means the defaults); nil
/// and absent mean the same. Range checks are the hub's job, so both protocols give the same
/// errors.
/// </summary>
internal sealed class FeedQueryFormatter : IMessagePackFormatter<FeedQuery>
{
    private static readonly MessagePackMapKeys Keys = new(nameof(FeedQuery), ["before", "after", "limit"]);

    public void Write(ref MessagePackWriter writer, FeedQuery value)
    {
        writer.WriteMapHeader(3);
        writer.WriteString("before"u8);
        writer.Write(value.Before);
        writer.WriteString("after"u8);
        writer.Write(value.After);
        writer.WriteString("limit"u8);
        if (value.Limit is { } limit)
        {
            writer.Write(limit);
        }
        else
        {
            writer.WriteNil();
        }
    }

    public FeedQuery Read(ref MessagePackReader reader)
    {
        string? before = null, after = null;
        int? limit = null;
        var map = Keys.ReadMap(ref reader);
        while (map.TryReadKey(ref reader, out var key))
        {
            try
            {
                switch (key)
                {
                    case "before": before = reader.ReadNullableString(); break;
                    case "after": after = reader.ReadNullableString(); break;
                    case "limit": limit = reader.TryReadNil() ? null : reader.ReadInt32(); break;
                }
            }
            catch (InvalidDataException e)
            {
                throw ContractFields.Invalid(Keys, key, e);
            }
        }
        return new FeedQuery(before, after, limit);
    }
}
