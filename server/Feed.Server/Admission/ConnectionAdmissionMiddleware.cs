using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace Feed.Server.Admission;

/// <summary>
/// Refuses a new hub connection that <see cref="ConnectionAdmission"/> does not admit with 503,
/// <c>Retry-After</c> and a problem whose <c>retryAfter</c> repeats it (the SignalR JS client
/// shows a failed negotiate's body, never its headers). 503, not 429: the instance is out of
/// room, the client did nothing wrong, and another instance may well take it. Runs after
/// authorization, so a request without a valid token is answered 401 and costs no slot.
/// </summary>
internal sealed class ConnectionAdmissionMiddleware(RequestDelegate next, ConnectionAdmission admission, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!OpensConnection(context))
        {
            return next(context);
        }
        var decision = admission.TryAdmit();
        return decision.IsAdmitted ? next(context) : RefuseAsync(context, decision);
    }

    /// <summary>
    /// A request that starts a new hub connection: a negotiate, or a WebSocket upgrade without a
    /// connection id (a client that skips negotiation). Every request that carries <c>?id=</c>
    /// belongs to a connection already admitted: its transport after negotiate, a long poll or a
    /// send, a stateful reconnect resuming it.
    /// </summary>
    internal static bool OpensConnection(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<HubMetadata>() is null)
        {
            return false;
        }
        return metadata.GetMetadata<NegotiateMetadata>() is not null
            || (context.WebSockets.IsWebSocketRequest && !context.Request.Query.ContainsKey("id"));
    }

    private async Task RefuseAsync(HttpContext context, AdmissionDecision decision)
    {
        var seconds = (int)decision.RetryAfter.TotalSeconds;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = decision.RefusedBecause == ConnectionAdmission.FullReason
            ? "this instance holds as many connections as it may"
            : "this instance is taking new connections at its limit per second";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Connection refused",
                Detail = string.Create(CultureInfo.InvariantCulture, $"{detail}; retry after {seconds} s"),
                Extensions = { ["reason"] = decision.RefusedBecause, ["retryAfter"] = seconds },
            },
        });
    }
}
