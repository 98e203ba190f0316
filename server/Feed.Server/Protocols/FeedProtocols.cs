using Feed.Protocols;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Protocols;

/// <summary>
/// The hub protocols the server offers: SignalR's built-in <c>json</c>, and <c>messagepack</c>
/// with the contract mapping of <see cref="FeedMessagePackFormatters"/> (same camelCase keys,
/// so clients need not care which one they use).
/// </summary>
internal static class FeedProtocols
{
    public static ISignalRServerBuilder AddFeedProtocols(this ISignalRServerBuilder signalR) =>
        signalR.AddMessagePackProtocol(FeedMessagePackFormatters.AddTo);
}
