using Feed.Client;
using Feed.MessagePack;
using Feed.Protocols;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// The hub protocols the tester connects with: Feed.Client's, each reading a follower's
/// <c>FeedUpdated</c> as <see cref="StampedItem"/>s without binding the rest of the item.
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

    private static MessagePackHubProtocol CreateMessagePack()
    {
        var options = new MessagePackHubProtocolOptions();
        FeedMessagePackFormatters.AddTo(options);
        options.Formatters.Add(StampedItemFormatter.Instance);
        return new MessagePackHubProtocol(options);
    }
}
