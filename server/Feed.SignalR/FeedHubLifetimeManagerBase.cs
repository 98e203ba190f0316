using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR;

/// <summary>
/// The base of Feed's lifetime managers (in-process and Redis). Client results
/// (<c>InvokeConnectionAsync</c>, a server-to-client call awaiting the client's answer) are not
/// part of Feed's delivery engine, which never waits for a connection: they fail with a
/// <see cref="NotSupportedException"/> that says what to use instead. SignalR's own managers
/// support them (<c>Feed:Redis:Backplane=official</c> with Redis).
/// </summary>
public abstract class FeedHubLifetimeManagerBase<THub> : HubLifetimeManager<THub>
    where THub : Hub
{
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args,
        CancellationToken cancellationToken = default) => throw NotSupported();

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => throw NotSupported();

    /// <summary>No client result is ever pending: a completion from a client is ignored.</summary>
    public override bool TryGetReturnType(string invocationId, [NotNullWhen(true)] out Type? type)
    {
        type = null;
        return false;
    }

    /// <summary>The resolver audience sends need; a clear error when the application registered none.</summary>
    protected static IAudienceResolver Audiences(IAudienceResolver? resolver) => resolver ?? throw new InvalidOperationException(
        $"Sending to an audience needs an {nameof(IAudienceResolver)} registered in the service provider.");

    private NotSupportedException NotSupported() => new(
        $"{GetType().Name.Split('`')[0]} does not support client results (InvokeConnectionAsync): Feed's delivery engine never waits " +
        "for a connection. Use SignalR's own lifetime manager (DefaultHubLifetimeManager, or AddStackExchangeRedis on Redis) for hubs that need them.");
}
