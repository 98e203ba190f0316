using System.Buffers;
using Microsoft.AspNetCore.SignalR;

namespace Feed.MessagePack.Protocol;

/// <summary>Reads the fixed fields of hub messages, naming the field when the data is wrong.</summary>
internal static class HubMessageFields
{
    public static int ArrayLength(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadArrayHeader();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "an array", ex);
        }
    }

    public static int Int32(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadInt32();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "Int32", ex);
        }
    }

    public static long Int64(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadInt64();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "Int64", ex);
        }
    }

    public static bool Boolean(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadBoolean();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "Boolean", ex);
        }
    }

    public static string String(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadString();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "String", ex);
        }
    }

    public static string? NullableString(ref MessagePackReader reader, string field)
    {
        try
        {
            return reader.ReadNullableString();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap(field, "String", ex);
        }
    }

    public static string InvocationId(ref MessagePackReader reader, string messageName)
    {
        var id = NullableString(ref reader, "invocationId");
        return string.IsNullOrEmpty(id) ? throw new InvalidDataException($"Null or empty invocation ID for {messageName} message.") : id;
    }

    /// <summary>The target name; the binder may hand back its own interned string for the UTF-8.</summary>
    public static string Target(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var copy = reader;
        ReadOnlySequence<byte> utf8;
        try
        {
            utf8 = reader.ReadStringBytes();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap("target", "String", ex);
        }
        if (utf8.IsEmpty)
        {
            throw new InvalidDataException("Null or empty target for Invocation message.");
        }
        if (utf8.IsSingleSegment && binder.GetTarget(utf8.FirstSpan) is { } known)
        {
            return known;
        }
        return String(ref copy, "target");
    }

    /// <summary>Headers: a map of string to string (empty map when there are none).</summary>
    public static Dictionary<string, string>? Headers(ref MessagePackReader reader)
    {
        int count;
        try
        {
            count = reader.ReadMapHeader();
        }
        catch (InvalidDataException ex)
        {
            throw Wrap("headers", "a map", ex);
        }
        if (count == 0)
        {
            return null;
        }
        var headers = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = String(ref reader, $"headers[{i}].Key");
            headers[key] = String(ref reader, $"headers[{i}].Value");
        }
        return headers;
    }

    public static string[]? StreamIds(ref MessagePackReader reader)
    {
        var count = ArrayLength(ref reader, "streamIds");
        if (count == 0)
        {
            return null;
        }
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = String(ref reader, "streamIds");
            if (ids[i].Length == 0)
            {
                throw new InvalidDataException("Null or empty value in streamIds received.");
            }
        }
        return ids;
    }

    private static InvalidDataException Wrap(string field, string expected, InvalidDataException inner) =>
        new($"Reading '{field}' as {expected} failed: {inner.Message}", inner);
}
