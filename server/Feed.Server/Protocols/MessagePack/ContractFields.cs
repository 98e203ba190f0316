using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary>
/// Errors that name the contract field a bad value was found in, e.g.
/// "FeedItem.author: AuthorProfile.id: Expected a string but found nil at offset 12.", so a
/// binding failure tells the caller what to fix.
/// </summary>
internal static class ContractFields
{
    public static InvalidDataException Invalid(MessagePackMapKeys keys, string key, InvalidDataException inner) =>
        new($"{keys.TypeName}.{key}: {inner.Message}", inner);
}
