using Feed.Client;
using Feed.MessagePack;
using Feed.Protocols;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// The hub protocols the tester connects with: Feed.Client's, plus (for messagepack) the
/// <see cref="StampedItem"/> reader. JSON binds <see cref="StampedItem"/> by itself.
/// </summary>
internal static class LoadTestProtocols
{
    private static readonly IHubProtocol MessagePack = CreateMessagePack();

    public static IHubProtocol FromName(string name) => name == "messagepack" ? MessagePack : FeedHubProtocols.FromName(name);

    private static MessagePackHubProtocol CreateMessagePack()
    {
        var options = new MessagePackHubProtocolOptions();
        FeedMessagePackFormatters.AddTo(options);
        options.Formatters.Add(StampedItemFormatter.Instance);
        return new MessagePackHubProtocol(options);
    }
}
