using Microsoft.AspNetCore.SignalR;
using System.Threading.RateLimiting;

namespace Feed.Server.Admission;

/// <summary>
/// Gives each open hub connection its slot of <see cref="ConnectionAdmission"/> and hands it back
/// when the connection closes, so the count is of live connections.
/// </summary>
internal sealed class ConnectionAdmissionHubFilter(ConnectionAdmission admission) : IHubFilter
{
    private static readonly object SlotKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var slot = admission.Claim();
        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            slot?.Dispose();
            throw;
        }
        if (slot is not null)
        {
            context.Context.Items[SlotKey] = slot;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(SlotKey, out var slot))
            {
                ((RateLimitLease)slot!).Dispose();
            }
        }
    }
}
