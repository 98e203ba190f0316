using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client;

/// <summary>
/// The hub protocols the Feed server offers, as SignalR ships them with their defaults: the
/// contract types carry their MessagePack keys, so no options are needed. Instances are
/// thread-safe and shared.
/// </summary>
public static class FeedHubProtocols
{
    /// <summary>SignalR's JSON protocol (<c>json</c>), the default.</summary>
    public static IHubProtocol Json { get; } = new JsonHubProtocol();

    /// <summary>SignalR's MessagePack protocol (<c>messagepack</c>).</summary>
    public static IHubProtocol MessagePack { get; } = new MessagePackHubProtocol();

    /// <summary>The protocol for its wire name (<c>json</c> or <c>messagepack</c>), e.g. from a command line.</summary>
    public static IHubProtocol FromName(string name) => name switch
    {
        "json" => Json,
        "messagepack" => MessagePack,
        _ => throw new ArgumentException($"Unknown hub protocol '{name}': use 'json' or 'messagepack'.", nameof(name)),
    };
}
