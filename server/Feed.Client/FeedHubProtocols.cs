using Feed.Protocols;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client;

/// <summary>
/// The hub protocols the Feed server offers, ready for <see cref="HubConnectionOptions.Protocol"/>.
/// Both map the contract types to the same camelCase shapes; messagepack frames are smaller.
/// Instances are thread-safe and shared.
/// </summary>
public static class FeedHubProtocols
{
    /// <summary>SignalR's JSON protocol (<c>json</c>), the default.</summary>
    public static IHubProtocol Json => HubConnectionOptions.DefaultProtocol;

    /// <summary>The <c>messagepack</c> protocol with the feed's contract types.</summary>
    public static IHubProtocol MessagePack { get; } = FeedMessagePackFormatters.CreateProtocol();

    /// <summary>The protocol for its wire name (<c>json</c> or <c>messagepack</c>), e.g. from a command line.</summary>
    public static IHubProtocol FromName(string name) => name switch
    {
        "json" => Json,
        "messagepack" => MessagePack,
        _ => throw new ArgumentException($"Unknown hub protocol '{name}': use 'json' or 'messagepack'.", nameof(name)),
    };
}
