using Feed.Redis.Internal.Backplane;
using Feed.SignalR;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis;

/// <summary>Audiences (<see cref="IHubAudiences{THub}"/>) across instances.</summary>
public sealed partial class RedisHubLifetimeManager<THub>
{
    /// <summary>
    /// Delivers to this instance's members of the audience, then publishes the message once, to
    /// the audience's partition; each other instance resolves the audience itself (its own copy,
    /// kept current by <see cref="ChangeAsync"/>) and delivers to its members.
    /// </summary>
    public async Task SendAsync(string audience, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        var message = Serialize(methodName, args);
        await DeliverAudienceAsync(audience, message, cancellationToken);
        await PublishToPartitionsAsync(TargetKind.Audience, [audience], message, null);
    }

    /// <summary>Applies the change here, then on every other instance; returns once each acknowledged it.</summary>
    /// <exception cref="BackplaneUnavailableException">Redis is unreachable (this instance was changed).</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge within <see cref="RedisBackplaneOptions.AckTimeout"/>.</exception>
    public async Task ChangeAsync(string audience, string userId, bool member, CancellationToken cancellationToken = default)
    {
        var action = member ? GroupAction.JoinAudience : GroupAction.LeaveAudience;
        await ApplyAsync(action, audience, userId);
        await SendCommandAsync(action, audience, userId, cancellationToken);
    }

    private async Task DeliverAudienceAsync(string audience, SerializedHubMessage message, CancellationToken cancellationToken = default)
    {
        IAudience users;
        try
        {
            users = await Audiences(_audiences).ResolveAsync(audience, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // This instance's members miss it (their clients gap-fill on the next reconnect or Resync);
            // the other instances still get it.
            BackplaneLog.AudienceUnresolved(_logger, e);
            return;
        }
        _local.SendAudience(users, message);
    }
}
