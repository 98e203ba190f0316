using Feed.Client;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// The hub protocols the tester connects with (either client): SignalR's, each reading a
/// follower's <c>FeedUpdated</c> as <see cref="StampedItem"/>s without binding the rest of the item.
/// </summary>
internal static class LoadTestProtocols
{
    private static readonly IHubProtocol Json = new StampedJsonHubProtocol(FeedHubProtocols.Json);
    private static readonly IHubProtocol MessagePack = CreateMessagePack();

    public static IHubProtocol FromName(string name) => name switch
    {
        "json" => Json,
        "messagepack" => MessagePack,
        _ => FeedHubProtocols.FromName(name), // names the unknown protocol
    };

    /// <summary>SignalR's MessagePack protocol and resolver, with the stamp-only item formatter in front.</summary>
    private static MessagePackHubProtocol CreateMessagePack()
    {
        var options = new MessagePackHubProtocolOptions();
        options.SerializerOptions = options.SerializerOptions
            .WithResolver(CompositeResolver.Create([StampedItemFormatter.Instance], [options.SerializerOptions.Resolver]))
            .WithSecurity(MessagePackSecurity.UntrustedData);
        return new MessagePackHubProtocol(Microsoft.Extensions.Options.Options.Create(options));
    }
}
