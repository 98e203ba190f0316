using System.Reflection;
using MessagePack;
using MessagePack.Formatters;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Protocols;

/// <summary>
/// Hands out the inner resolver's formatters, with those of <c>[MessagePackObject]</c> types
/// (the contract) wrapped so that a value that does not bind says which field it was in:
/// "FeedQuery.limit: Unexpected msgpack code 165 (fixstr) encountered." The generated
/// formatters only say what was found, not where. Reading and writing are the inner
/// formatters'; the wrapper costs nothing until a read fails. The inner resolver is SignalR's
/// default (what <see cref="MessagePackHubProtocolOptions"/> starts with).
/// </summary>
internal sealed class FieldNamingResolver : IFormatterResolver
{
    public static readonly FieldNamingResolver Instance = new();

    private static readonly IFormatterResolver Inner = new MessagePackHubProtocolOptions().SerializerOptions.Resolver;

    private FieldNamingResolver()
    {
    }

    // A static generic cache, as MessagePack's own resolvers do: generated formatters ask the
    // resolver for a nested member's formatter on every value they write.
    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = Create();

        private static IMessagePackFormatter<T>? Create()
        {
            var formatter = Inner.GetFormatter<T>();
            return formatter is not null && typeof(T).GetCustomAttribute<MessagePackObjectAttribute>() is not null
                ? new FieldNamingFormatter<T>(formatter)
                : formatter;
        }
    }
}

/// <summary>A failure to read a contract value, naming the type and key: <c>Type.key: reason</c>.</summary>
internal sealed class ContractFieldException(string message, Exception inner) : MessagePackSerializationException(message, inner);
