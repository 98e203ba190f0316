using Feed.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Feed.Server.Api;

/// <summary>
/// Maps the domain's errors to RFC 7807 responses: 400 with <c>errors: { field: [..] }</c>,
/// 404 unknown user, 429 with Retry-After, 503 store down; malformed request bodies get 400.
/// </summary>
internal sealed class FeedExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            FeedValidationException v => new ValidationProblemDetails(new Dictionary<string, string[]> { [v.Field] = [v.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = v.Message,
            },
            UserNotFoundException u => Problem(StatusCodes.Status404NotFound, "Unknown user", u.Message),
            RateLimitedException r => RateLimited(context, r),
            StoreUnavailableException s => Problem(StatusCodes.Status503ServiceUnavailable, "Store unavailable", s.Message),
            BadHttpRequestException b => Problem(b.StatusCode, "Bad request", b.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails RateLimited(HttpContext context, RateLimitedException r)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(r.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "Too many posts", r.Message);
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
