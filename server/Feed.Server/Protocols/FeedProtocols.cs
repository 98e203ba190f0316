using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Protocols;

/// <summary>The hub protocols the server offers besides SignalR's built-in JSON.</summary>
internal static class FeedProtocols
{
    public static ISignalRServerBuilder AddFeedProtocols(this ISignalRServerBuilder signalR) => signalR;
}
