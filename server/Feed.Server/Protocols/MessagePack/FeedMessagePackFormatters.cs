using Feed.MessagePack;

namespace Feed.Protocols;

/// <summary>
/// The MessagePack mapping of the feed's contract types: maps with the JSON protocol's camelCase
/// keys, nil for absent optional values, unknown keys skipped, missing required keys an
/// <see cref="InvalidDataException"/> naming the type and key.
/// <para>
/// This folder is compiled into both Feed.Server and Feed.Client (linked in Feed.Client.csproj),
/// so the two ends of the protocol share one mapping without either depending on the other and
/// without putting MessagePack into Feed.Core. The types stay internal: a public type compiled
/// into two assemblies would be ambiguous to anything referencing both.
/// </para>
/// </summary>
internal static class FeedMessagePackFormatters
{
    /// <summary>A fresh list each call: options own their formatter lists.</summary>
    public static IReadOnlyList<IMessagePackFormatter> All =>
    [
        AuthorProfileFormatter.Instance, FeedItemFormatter.Instance, new FeedPageFormatter(),
        new FeedQueryFormatter(), new PublishRequestFormatter(), new UserProfileFormatter(),
    ];

    /// <summary>Adds the contract formatters to a protocol's options.</summary>
    public static void AddTo(MessagePackHubProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var formatter in All)
        {
            options.Formatters.Add(formatter);
        }
    }

    /// <summary>The "messagepack" hub protocol with the contract formatters.</summary>
    public static MessagePackHubProtocol CreateProtocol()
    {
        var options = new MessagePackHubProtocolOptions();
        AddTo(options);
        return new MessagePackHubProtocol(options);
    }
}
