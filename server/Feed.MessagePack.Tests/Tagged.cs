using System.Globalization;
using System.Text.Json.Nodes;

namespace Feed.MessagePack.Tests;

/// <summary>
/// MessagePack values as "tagged" JSON that keeps their types visible (the format of
/// js/msgpack-interop.cjs): null, booleans, {int}, {float}, {str}, {bin}, {arr}, {map}, {ts}, {ext}.
/// </summary>
internal static class Tagged
{
    public static void Write(ref MessagePackWriter writer, JsonNode? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case JsonValue boolean when boolean.TryGetValue<bool>(out var flag):
                writer.Write(flag);
                break;
            case JsonObject tagged:
                WriteTagged(ref writer, tagged);
                break;
            default:
                throw new ArgumentException($"not a tagged value: {value.ToJsonString()}");
        }
    }

    private static void WriteTagged(ref MessagePackWriter writer, JsonObject tagged)
    {
        var (tag, body) = tagged.Single();
        switch (tag)
        {
            case "int":
                var text = (string)body!;
                if (text.StartsWith('-'))
                {
                    writer.Write(long.Parse(text, CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.Write(ulong.Parse(text, CultureInfo.InvariantCulture));
                }
                break;
            case "float":
                writer.Write((double)body!);
                break;
            case "str":
                writer.Write((string)body!);
                break;
            case "bin":
                writer.WriteBinary(Bytes.FromHex((string)body!));
                break;
            case "arr":
                var items = body!.AsArray();
                writer.WriteArrayHeader(items.Count);
                foreach (var item in items)
                {
                    Write(ref writer, item);
                }
                break;
            case "map":
                var pairs = body!.AsArray();
                writer.WriteMapHeader(pairs.Count);
                foreach (var pair in pairs)
                {
                    Write(ref writer, pair![0]);
                    Write(ref writer, pair[1]);
                }
                break;
            case "ts":
                writer.Write(new MessagePackTimestamp(long.Parse((string)body!["sec"]!, CultureInfo.InvariantCulture), (uint)(int)body["nsec"]!));
                break;
            default:
                writer.WriteExtension((sbyte)(int)body!["type"]!, Bytes.FromHex((string)body["data"]!));
                break;
        }
    }

    public static JsonNode? Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case MessagePackType.Integer:
                var integer = reader.NextCode == 0xcf ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture)
                    : reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
                return new JsonObject { ["int"] = integer };
            case MessagePackType.Float:
                return new JsonObject { ["float"] = reader.ReadDouble() };
            case MessagePackType.String:
                return new JsonObject { ["str"] = reader.ReadString() };
            case MessagePackType.Binary:
                return new JsonObject { ["bin"] = Bytes.ToHex(reader.ReadBinary()) };
            case MessagePackType.Array:
                var items = new JsonArray();
                for (var count = reader.ReadArrayHeader(); count > 0; count--)
                {
                    items.Add(Read(ref reader));
                }
                return new JsonObject { ["arr"] = items };
            case MessagePackType.Map:
                var pairs = new JsonArray();
                for (var count = reader.ReadMapHeader(); count > 0; count--)
                {
                    pairs.Add(new JsonArray(Read(ref reader), Read(ref reader)));
                }
                return new JsonObject { ["map"] = pairs };
            default:
                return ReadExtension(ref reader);
        }
    }

    private static JsonObject ReadExtension(ref MessagePackReader reader)
    {
        var peek = reader;
        if (peek.ReadExtensionHeader().TypeCode == -1)
        {
            var timestamp = reader.ReadTimestamp();
            return new JsonObject
            {
                ["ts"] = new JsonObject { ["sec"] = timestamp.Seconds.ToString(CultureInfo.InvariantCulture), ["nsec"] = timestamp.Nanoseconds },
            };
        }
        var extension = reader.ReadExtension();
        return new JsonObject { ["ext"] = new JsonObject { ["type"] = (int)extension.TypeCode, ["data"] = Bytes.ToHex(extension.Data) } };
    }
}
