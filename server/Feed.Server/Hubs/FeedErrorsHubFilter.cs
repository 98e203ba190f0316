using Feed.Core;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Hubs;

/// <summary>
/// Turns the feed's domain errors into <see cref="HubException"/>s, whose message SignalR
/// passes to the caller verbatim. Any other failure is logged and becomes a generic
/// HubException, so the hub can run with detailed errors on (which is what makes argument
/// binding failures say what was wrong) without leaking internals.
/// </summary>
internal sealed class FeedErrorsHubFilter(ILogger<FeedErrorsHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (ClientMessage(e) is { } message)
        {
            HubLog.CallRejected(logger, invocation.HubMethodName, invocation.Context.UserIdentifier, message);
            throw new HubException(message, e);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            HubLog.CallFailed(logger, invocation.HubMethodName, invocation.Context.UserIdentifier, e);
            throw new HubException($"{invocation.HubMethodName} failed on the server; the error has been logged");
        }
    }

    private static string? ClientMessage(Exception e) => e switch
    {
        FeedValidationException v => v.Message,
        UserNotFoundException u => u.Message,
        RateLimitedException r => r.Message,
        StoreUnavailableException s => s.Message,
        _ => null,
    };
}
