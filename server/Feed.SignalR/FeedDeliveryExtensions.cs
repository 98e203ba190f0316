using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Feed's delivery engine as SignalR's lifetime manager (one instance, no backplane).</summary>
public static class FeedDeliveryExtensions
{
    /// <summary>Uses <see cref="FeedHubLifetimeManager{THub}"/> for every hub, configured by <paramref name="configure"/>.</summary>
    public static ISignalRServerBuilder AddFeedDelivery(this ISignalRServerBuilder signalR, Action<FeedDeliveryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        signalR.Services.AddOptions<FeedDeliveryOptions>().Configure(o => configure?.Invoke(o)).ValidateDataAnnotations().ValidateOnStart();
        signalR.Services.TryAddSingleton<DeliveryMetrics>();
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(FeedHubLifetimeManager<>));
        return signalR;
    }

    /// <summary>
    /// Uses <see cref="FeedHubLifetimeManager{THub}"/> for <typeparamref name="THub"/> and exposes the
    /// same instance as <see cref="IHubAudiences{THub}"/> (audience sends need an <see cref="IAudienceResolver"/>).
    /// </summary>
    public static ISignalRServerBuilder AddFeedDelivery<THub>(this ISignalRServerBuilder signalR, Action<FeedDeliveryOptions>? configure = null)
        where THub : Hub
    {
        signalR.AddFeedDelivery(configure);
        signalR.Services.AddSingleton<FeedHubLifetimeManager<THub>>();
        signalR.Services.AddSingleton<HubLifetimeManager<THub>>(sp => sp.GetRequiredService<FeedHubLifetimeManager<THub>>());
        signalR.Services.AddSingleton<IHubAudiences<THub>>(sp => sp.GetRequiredService<FeedHubLifetimeManager<THub>>());
        return signalR;
    }
}
