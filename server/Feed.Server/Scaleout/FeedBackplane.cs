using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Scaleout;

/// <summary>Chooses the hub lifetime manager: in-process by default.</summary>
internal static class FeedBackplane
{
    public static ISignalRServerBuilder AddFeedBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(LocalHubLifetimeManager<>));
        return signalR;
    }
}
